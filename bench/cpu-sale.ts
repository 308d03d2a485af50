// Node CPU per sale, a load-independent proxy for the sale bench (issue 10): the server built as
// bench/sale.ts builds it (LISTEN, webhook worker, realtime, request logging into /dev/null), one
// connection from the load-generator child, each sale scenario for a few seconds; prints this
// process's CPU (process.cpuUsage) per committed sale, less the idle CPU measured beforehand, and
// round trips per sale. Wall-clock figures are not printed: on a shared machine they are noise.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/cpu-sale.ts [seconds]
// CPU_PROFILE=/tmp/sale writes /tmp/sale-0.cpuprofile (checkout) and -1 (one request), measured runs only.
import { randomBytes } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { createApi } from './api.ts';
import { countRoundTrips, nodeCpuMs, roundTrips } from './cpu.ts';
import { openBenchDatabase } from './database.ts';
import { trackHandlers } from './inflight.ts';
import { startLoadGenerator } from './loadgen.ts';
import { SALE_SCENARIOS } from './sale.ts';
import { scenarios } from './scenarios.ts';

const seconds = Number(process.argv[2] ?? 8);
const database = await openBenchDatabase(process.env.DATABASE_URL, () => undefined);
countRoundTrips();
const config = { ...loadConfig({}), rateLimit: { max: 1e9, authMax: 1e9, windowMs: 60_000 } };
const app = await buildApp({
  db: database.db,
  databaseUrl: database.url,
  config,
  jwtSecret: randomBytes(32).toString('hex'),
  logger:
    process.env.BENCH_LOG === 'stream'
      ? { level: config.logLevel, stream: createWriteStream('/dev/null') }
      : pino({ level: config.logLevel }, pino.destination({ dest: '/dev/null' })),
});
const load = startLoadGenerator();
const handlers = trackHandlers();
try {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const api = createApi(url);
  const idle0 = nodeCpuMs();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 2000));
  const idlePerMs = (nodeCpuMs() - idle0) / (performance.now() - t0);
  const completed = async () =>
    Number(
      (
        await sql<{ n: string }>`select count(*) as n from orders where status = 'completed'`.execute(
          database.db,
        )
      ).rows[0]!.n,
    );
  for (const name of SALE_SCENARIOS) {
    const scenario = scenarios.find((s) => s.name === name)!;
    const state = await scenario.setup(api);
    const job = { scenario: name, state, url, connections: 1 };
    await load.run({ ...job, seconds: 2 }); // warm-up: JIT, caches
    await handlers.idle(30_000);
    const profile = process.env.CPU_PROFILE ? new Session() : null;
    if (profile) {
      profile.connect();
      await profile.post('Profiler.enable');
      await profile.post('Profiler.setSamplingInterval', { interval: 200 });
      await profile.post('Profiler.start');
    }
    const before = await completed();
    const window0 = process.hrtime.bigint() / 1000n;
    const rt0 = roundTrips();
    const c0 = nodeCpuMs();
    const w0 = performance.now();
    await load.run({ ...job, seconds });
    await handlers.idle(30_000);
    const cpu = nodeCpuMs() - c0;
    const wall = performance.now() - w0;
    const sales = (await completed()) - before;
    if (process.env.CPU_WINDOWS) {
      // The measured window on the monotonic clock, in µs (a --cpu-prof profile's timestamps).
      console.log(`window ${name}: ${window0} ${process.hrtime.bigint() / 1000n}`);
    }
    if (profile) {
      const { profile: data } = await profile.post('Profiler.stop');
      writeFileSync(
        `${process.env.CPU_PROFILE}-${SALE_SCENARIOS.indexOf(name)}.cpuprofile`,
        JSON.stringify(data),
      );
      profile.disconnect();
    }
    console.log(
      `${name.padEnd(28)} ${String(sales).padStart(5)} sales  node CPU ${(cpu / sales).toFixed(2)} ms/sale ` +
        `(${((cpu - idlePerMs * wall) / sales).toFixed(2)} less idle)  round trips ${((roundTrips() - rt0) / sales).toFixed(1)}`,
    );
  }
  console.log(`idle ${(idlePerMs * 1000).toFixed(1)} ms CPU/s`);
} finally {
  handlers.close();
  await load.close();
  await app.close();
  await database.close();
}
