// Process entry: configuration, database (embedded or server), the app, listen, graceful close.
import path from 'node:path';
import { buildApp } from './app.ts';
import { gatewaysBanner, startDemoGateways } from './demo/payments.ts';
import { demoBanner, seedDemo, type DemoSummary } from './demo/seed.ts';
import { loadConfig, type Config } from './platform/config/config.ts';
import { openDatabase, type OpenedDatabase } from './platform/db/open.ts';
import { systemClock } from './platform/clock/clock.ts';
import { createLogger } from './platform/http/logging.ts';
import { startMaintenance } from './platform/jobs/maintenance.ts';

function fail(err: unknown): never {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  fail(err);
}
const logger = createLogger({ level: config.logLevel, format: config.logFormat });
const database = await openDatabase(config).catch(fail);
const app = await buildApp({
  db: database.db,
  databaseUrl: database.url,
  config,
  jwtSecret: database.jwtSecret,
  encryptionKey: database.encryptionKey,
  logger,
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

// Seed before listening: no request meets a half-seeded database, and the banner comes last.
const demo: DemoSummary | null = config.seedDemo
  ? await seedDemo(database.db, app.services, () => systemClock.now())
  : null;

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
let gateways = '';
if (demo && process.env.KASIR_SIMULATORS !== '0') {
  const sims = await startDemoGateways(app, url, demo.tenantId);
  stopSimulators = () => sims.close();
  gateways = gatewaysBanner(sims);
}
const qrUrl =
  demo?.qrTable &&
  app.services.tableCodes.urlFor(
    demo.tenantId,
    demo.qrTable.id,
    demo.qrTable.version,
    config.publicUrl ?? url,
  );
console.log(banner(url, config, database) + (demo ? demoBanner(demo, qrUrl || null) + gateways : ''));

/** What `npm start` prints once everything is ready: where to go, and where the data really is. */
function banner(url: string, config: Config, database: OpenedDatabase): string {
  const lines = [
    '',
    `  Kasir is running at ${url}`,
    `  API docs: ${url}/docs`,
    `  Register: ${url}/register/  (the cashier app: pair it once with a manager login, then staff sign in by PIN)`,
    `  Office:   ${url}/office/  (the back office: dashboard, reports, menu; owners and managers sign in by e-mail)`,
    `  Waiter:   ${url}/waiter/  (phone: floor plan, tables, send to the kitchen, courses, bill; sign in by e-mail)`,
    `  Kitchen:  ${url}/kitchen/  (the kitchen display: the kitchen account signs in by e-mail, picks a station)`,
    `  Board:    ${url}/kitchen/board  (the order-ready board for customers: numbers preparing and ready)`,
    `  Tables:   ${url}/t/<table code>  (customers order from their phone: scan the table's QR; codes and print sheet under /v1/tables/:id/code)`,
    `  Database: ${database.description}`,
    ...(database.embedded
      ? [`  Secrets:  ${path.join(config.dataDir, 'secrets.json')} (keep a copy apart from backups)`]
      : []),
    `  Sign-up:  ${config.signup === 'open' ? 'open to anyone (KASIR_SIGNUP=closed to stop it)' : 'closed (KASIR_SIGNUP=closed): the platform operator creates businesses'}`,
    '',
  ];
  return lines.join('\n') + '\n';
}
