// The HTTP part of `npm run bench`: Kasir in this process, every scenario at each connection
// count, autocannon in a child process (bench/loadgen.ts).
import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/platform/config/config.ts';
import { createApi } from './api.ts';
import type { BenchDatabase } from './database.ts';
import { trackHandlers } from './inflight.ts';
import { startLoadGenerator } from './loadgen.ts';
import { scenarios } from './scenarios.ts';
import type { Row } from './table.ts';
import type { Measurement } from './types.ts';

const DEFAULT_CONNECTIONS = [1, 32] as const;
export const WARMUP_SECONDS = 1;
const SETTLE_TIMEOUT_MS = 30_000;

const runs = scenarios.flatMap((s) =>
  (s.connections ?? DEFAULT_CONNECTIONS).map((c) => ({ scenario: s, connections: c })),
);

/** Generous upper bound of the HTTP part's duration, for the runner's hard stop. */
export function httpBudgetMs(seconds: number): number {
  return (runs.length * (seconds + WARMUP_SECONDS + (2 * SETTLE_TIMEOUT_MS) / 1000 + 30) + 60) * 1000;
}

export async function runHttp(o: {
  database: BenchDatabase;
  seconds: number;
  log: (line: string) => void;
  onCleanup: (step: () => Promise<unknown>) => void;
}): Promise<{ rows: Row[]; notes: string[] }> {
  const config: Config = {
    ...loadConfig({}),
    rateLimit: { max: 1_000_000_000, authMax: 1_000_000_000, windowMs: 60_000 },
  };
  const app = await buildApp({
    db: o.database.db,
    config,
    jwtSecret: randomBytes(32).toString('hex'),
    logger: false,
  });
  let closed: Promise<void> | undefined;
  const closeApp = (): Promise<void> => (closed ??= app.close());
  o.onCleanup(closeApp);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') {
    throw new Error('the app is not listening on a TCP port');
  }
  const url = `http://127.0.0.1:${address.port}`;
  const api = createApi(url);
  o.log(`Kasir on ${url}; ${runs.length} runs of ${WARMUP_SECONDS} s + ${o.seconds} s`);

  const load = startLoadGenerator();
  o.onCleanup(() => load.close());
  const handlers = trackHandlers();
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
    ...(m.abandoned > 0 ? [`${label}: ${m.abandoned} operations abandoned after a failed request`] : []),
    ...(m.operations === 0 && !warmUp ? [`${label}: no operations completed at all`] : []),
  ];

  const rows: Row[] = [];
  try {
    for (const { scenario, connections } of runs) {
      const label = `${scenario.name} × ${connections}`;
      const state = await scenario.setup(api);
      const job = { scenario: scenario.name, state, url, connections };
      o.log(`${label} …`);
      const warm = await load.run({ ...job, seconds: WARMUP_SECONDS });
      notes.push(...problems(`${label} (warm-up)`, warm, true));
      await settle(`${label} (warm-up)`);
      const m = await load.run({ ...job, seconds: o.seconds });
      notes.push(...problems(label, m));
      await settle(label);
      for (const problem of (await scenario.check?.(api, state)) ?? []) {
        notes.push(`${label}: ${problem}`);
      }
      rows.push({
        scenario: scenario.name,
        connections,
        perSecond: m.operationsPerSecond,
        unit: scenario.unit ?? 'req/s',
        p50Ms: m.p50Ms,
        p99Ms: m.p99Ms,
        non2xx: m.non2xx,
        errors: m.errors,
      });
    }
  } finally {
    // The realtime part comes next: leave the machine to it.
    handlers.close();
    await load.close();
    await closeApp();
  }
  return { rows, notes };
}
