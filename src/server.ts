// Process entry: configuration, database (embedded or server), the app, listen, graceful close.
import { buildApp, createServices } from './app.ts';
import { gatewaysBanner, startDemoGateways } from './demo/payments.ts';
import { demoBanner, seedDemo } from './demo/seed.ts';
import { loadConfig } from './platform/config/config.ts';
import { openDatabase } from './platform/db/open.ts';
import { systemClock } from './platform/clock/clock.ts';
import { startMaintenance } from './platform/jobs/maintenance.ts';

const config = loadConfig();
const database = await openDatabase(config).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
const app = await buildApp({
  db: database.db,
  databaseUrl: database.url,
  config,
  jwtSecret: database.jwtSecret,
  encryptionKey: database.encryptionKey,
});

const stopMaintenance = startMaintenance({
  db: database.db,
  clock: systemClock,
  log: (err) => app.log.error({ err }, 'maintenance failed'),
});

let stopSimulators: () => Promise<void> = async () => undefined;
let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) {
    return;
  }
  closing = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  try {
    stopMaintenance();
    await stopSimulators();
    await app.close(); // stops accepting, waits for in-flight requests
    await database.close(); // pool, then the embedded PostgreSQL (clean shutdown checkpoint)
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await app.listen({ host: config.host, port: config.port });
} catch (err) {
  console.error(
    `Cannot listen on ${config.host}:${config.port}: ${err instanceof Error ? err.message : String(err)}`,
  );
  await database.close();
  process.exit(1);
}
const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
app.log.info(`database: ${database.description}`);
console.log(
  `\n  Register (cashier app): ${url}/register/  — pair it once with a manager login, then staff sign in by PIN`,
);
if (config.seedDemo) {
  const summary = await seedDemo(
    database.db,
    createServices({ db: database.db, clock: systemClock, jwtSecret: database.jwtSecret }),
    () => systemClock.now(),
  );
  let gateways = '';
  if (summary && process.env.KASIR_SIMULATORS !== '0') {
    const sims = await startDemoGateways(app, url, summary.tenantId);
    stopSimulators = () => sims.close();
    gateways = gatewaysBanner(sims);
  }
  console.log(
    summary
      ? demoBanner(url, summary) + gateways
      : `\n  Kasir is running at ${url} (API docs at ${url}/docs)\n`,
  );
} else {
  console.log(`\n  Kasir is running at ${url} (API docs at ${url}/docs)\n`);
}
