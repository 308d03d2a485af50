// `npm run bench`: starts Kasir on a fresh database, runs every scenario at each connection count,
// prints one table and appends it to docs/BENCHMARKS.md. Bounded in time; cleans up after itself.
//   BENCH_SECONDS=5     measured seconds per row (after a 1 s warm-up)
//   BENCH_NO_RECORD=1   do not append to docs/BENCHMARKS.md
//   DATABASE_URL=...    use that server (a fresh kasir_bench_* database) instead of an embedded one
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/platform/config/config.ts';
import { createApi } from './api.ts';
import { openBenchDatabase } from './database.ts';
import { trackHandlers } from './inflight.ts';
import { startLoadGenerator } from './loadgen.ts';
import { appendRecord, DOC_PATH, machineDetails, textReport } from './report.ts';
import { scenarios } from './scenarios.ts';
import type { Row } from './table.ts';
import type { Measurement } from './types.ts';

const DEFAULT_CONNECTIONS = [1, 32] as const;
const WARMUP_SECONDS = 1;
const SETTLE_TIMEOUT_MS = 30_000;

function secondsFromEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 600) {
    throw new Error(`BENCH_SECONDS must be a number of seconds in (0, 600], got "${value}"`);
  }
  return n;
}

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/** Undo steps, run in reverse order once, whatever happens. */
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (err) {
        log(`clean-up step failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  })();
  return cleaning;
}

async function main(): Promise<number> {
  const loadAverage = os.loadavg()[0] ?? 0; // before we add any: is something else running?
  const seconds = secondsFromEnv(process.env.BENCH_SECONDS, 5);
  const record = process.env.BENCH_NO_RECORD !== '1';
  const runs = scenarios.flatMap((s) =>
    (s.connections ?? DEFAULT_CONNECTIONS).map((c) => ({ scenario: s, connections: c })),
  );

  // A hard stop, should anything hang: every run's time plus generous slack.
  const budgetMs =
    (runs.length * (seconds + WARMUP_SECONDS + (2 * SETTLE_TIMEOUT_MS) / 1000 + 30) + 180) * 1000;
  setTimeout(() => {
    log(`gave up after ${Math.round(budgetMs / 1000)} s`);
    void cleanUp().finally(() => process.exit(1));
  }, budgetMs).unref();

  const database = await openBenchDatabase(process.env.DATABASE_URL || undefined, log);
  cleanups.push(() => database.close());

  const config: Config = {
    ...loadConfig({}),
    rateLimit: { max: 1_000_000_000, authMax: 1_000_000_000, windowMs: 60_000 },
  };
  const app = await buildApp({
    db: database.db,
    config,
    jwtSecret: randomBytes(32).toString('hex'),
    logger: false,
  });
  cleanups.push(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') {
    throw new Error('the app is not listening on a TCP port');
  }
  const url = `http://127.0.0.1:${address.port}`;
  const api = createApi(url);
  log(`Kasir on ${url}; ${runs.length} runs of ${WARMUP_SECONDS} s + ${seconds} s`);

  const load = startLoadGenerator();
  cleanups.push(() => load.close());

  const handlers = trackHandlers();
  cleanups.push(async () => handlers.close());
  const notes: string[] = [];
  /** Waits for the server to finish requests autocannon dropped when it stopped. */
  const settle = async (label: string): Promise<void> => {
    if (!(await handlers.idle(SETTLE_TIMEOUT_MS))) {
      notes.push(
        `${label}: ${handlers.inFlight()} requests still running ${SETTLE_TIMEOUT_MS / 1000} s after the run`,
      );
    }
  };
  const problems = (label: string, m: Measurement, warmUp = false): string[] => [
    ...(m.non2xx > 0 || m.errors > 0
      ? [
          `${label}: ${m.non2xx} non-2xx, ${m.errors} errors (${m.timeouts} timeouts); statuses ${JSON.stringify(m.statusCodes)}`,
        ]
      : []),
    ...(m.responses === 0 && !warmUp ? [`${label}: no responses at all`] : []),
  ];

  const rows: Row[] = [];
  for (const { scenario, connections } of runs) {
    const label = `${scenario.name} × ${connections}`;
    const state = await scenario.setup(api);
    const job = { scenario: scenario.name, state, url, connections };
    log(`${label} …`);
    const warm = await load.run({ ...job, seconds: WARMUP_SECONDS });
    notes.push(...problems(`${label} (warm-up)`, warm, true));
    await settle(`${label} (warm-up)`);
    const m = await load.run({ ...job, seconds });
    notes.push(...problems(label, m));
    await settle(label);
    for (const problem of (await scenario.check?.(api, state)) ?? []) {
      notes.push(`${label}: ${problem}`);
    }
    rows.push({
      scenario: scenario.name,
      connections,
      requestsPerSecond: m.requestsPerSecond,
      p50Ms: m.p50Ms,
      p99Ms: m.p99Ms,
      non2xx: m.non2xx,
      errors: m.errors,
    });
  }

  const details = await machineDetails(database, { seconds, warmupSeconds: WARMUP_SECONDS, loadAverage });
  process.stdout.write(`\n${textReport(details, rows)}\n\n`);
  for (const note of notes) {
    process.stderr.write(`WARNING: ${note}\n`);
  }
  if (record) {
    await appendRecord(new Date(), `${database.kind} PostgreSQL`, details, rows, notes);
    log(`appended to ${DOC_PATH}`);
  }
  return notes.length > 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

let code = 1;
try {
  code = await main();
} catch (err) {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  await cleanUp();
}
process.exit(code);
