// `npm run bench`: on a fresh database, the HTTP scenarios (bench/http.ts), then realtime fan-out
// through Kasir's gateway beside bare Socket.IO (bench/realtime.ts); prints the tables and appends
// them to docs/BENCHMARKS.md. Bounded in time; cleans up after itself.
//   BENCH_SECONDS=5             measured seconds per HTTP row (after a 1 s warm-up)
//   BENCH_REALTIME_SECONDS=10   seconds of events per realtime fan-out row (after a 1 s warm-up)
//   BENCH_ONLY=http|sale|realtime|reports|sync|kitchen  run one part only (BENCH_ONLY=http skips the others;
//                               sync: 1,000 offline sales uploaded while online sales continue;
//                               kitchen: 1,000 tickets a minute over 10 stations to their displays)
//   BENCH_KITCHEN_SECONDS=60    seconds of sending in the kitchen row
//   BENCH_REPORT_ORDERS=1000000 orders of history the report queries run over (bench/reports.ts)
//   BENCH_QUICK=1               development: 2 s rows, 0.5 s warm-ups, sale rows at 1 and 8 only
//   BENCH_SALE_CONNECTIONS=1,8,32  connection counts of the sale rows
//   BENCH_REALTIME_SCALE=0.1    open that fraction of the sockets (quick trials; default 1)
//   BENCH_REALTIME_SCENARIO=1,000  only the fan-out rows whose scenario contains it, no replay (trials)
//   BENCH_NO_RECORD=1           do not append to docs/BENCHMARKS.md
//   DATABASE_URL=...            use that server (a fresh kasir_bench_* database) instead of an embedded one
import os from 'node:os';
import { openBenchDatabase } from './database.ts';
import { httpBudgetMs, runHttp, WARMUP_SECONDS } from './http.ts';
import { runSale, saleBudgetMs, SALE_COLUMNS } from './sale.ts';
import { realtimeBudgetMs, runRealtime, type RealtimeResult } from './realtime.ts';
import { REPORT_COLUMNS, reportsBudgetMs, runReports } from './reports.ts';
import { runSync, SYNC_BUDGET_MS, SYNC_COLUMNS } from './sync.ts';
import { KITCHEN_COLUMNS, kitchenBudgetMs, runKitchen } from './kitchen.ts';
import { appendRecord, DOC_PATH, machineDetails, textReport, type Section } from './report.ts';
import { HTTP_COLUMNS, markdownTable, REALTIME_COLUMNS, textTable, type Row } from './table.ts';

function numberFromEnv(name: string, fallback: number, max: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    throw new Error(`${name} must be a number in (0, ${max}], got "${value}"`);
  }
  return n;
}

function partsFromEnv(value: string | undefined): {
  http: boolean;
  sale: boolean;
  realtime: boolean;
  reports: boolean;
  sync: boolean;
  kitchen: boolean;
} {
  if (value === undefined || value === '') {
    return { http: true, sale: true, realtime: true, reports: true, sync: true, kitchen: true };
  }
  if (
    value !== 'http' &&
    value !== 'sale' &&
    value !== 'realtime' &&
    value !== 'reports' &&
    value !== 'sync' &&
    value !== 'kitchen'
  ) {
    throw new Error(
      `BENCH_ONLY must be "http", "sale", "realtime", "reports", "sync" or "kitchen", got "${value}"`,
    );
  }
  return {
    http: value === 'http',
    sale: value === 'sale',
    realtime: value === 'realtime',
    reports: value === 'reports',
    sync: value === 'sync',
    kitchen: value === 'kitchen',
  };
}

function connectionsFromEnv(value: string | undefined, fallback: number[]): number[] {
  if (value === undefined || value === '') {
    return fallback;
  }
  const list = value.split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 256)) {
    throw new Error(`BENCH_SALE_CONNECTIONS must be a list like 1,8,32, got "${value}"`);
  }
  return list;
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
const onCleanup = (step: () => Promise<unknown>): void => {
  cleanups.push(step);
};

async function main(): Promise<number> {
  const loadAverage = os.loadavg()[0] ?? 0; // before we add any: is something else running?
  const quick = process.env.BENCH_QUICK === '1';
  const seconds = numberFromEnv('BENCH_SECONDS', quick ? 2 : 5, 600);
  const saleConnections = connectionsFromEnv(process.env.BENCH_SALE_CONNECTIONS, quick ? [1, 8] : [1, 8, 32]);
  const realtimeSeconds = numberFromEnv('BENCH_REALTIME_SECONDS', 10, 60);
  const scale = numberFromEnv('BENCH_REALTIME_SCALE', 1, 1);
  const parts = partsFromEnv(process.env.BENCH_ONLY);
  const kitchenSeconds = numberFromEnv('BENCH_KITCHEN_SECONDS', quick ? 10 : 60, 600);
  const record = process.env.BENCH_NO_RECORD !== '1';

  // A hard stop, should anything hang: every run's time plus generous slack.
  const budgetMs =
    (parts.http ? httpBudgetMs(seconds) : 0) +
    (parts.sale ? saleBudgetMs(seconds, saleConnections) : 0) +
    (parts.realtime ? realtimeBudgetMs(realtimeSeconds) : 0) +
    (parts.reports ? reportsBudgetMs() : 0) +
    (parts.sync ? SYNC_BUDGET_MS : 0) +
    (parts.kitchen ? kitchenBudgetMs(kitchenSeconds) : 0) +
    120_000;
  setTimeout(() => {
    log(`gave up after ${Math.round(budgetMs / 1000)} s`);
    void cleanUp().finally(() => process.exit(1));
  }, budgetMs).unref();

  const database = await openBenchDatabase(process.env.DATABASE_URL || undefined, log);
  onCleanup(() => database.close());

  const notes: string[] = [];
  let rows: Row[] = [];
  if (parts.http) {
    const http = await runHttp({ database, seconds, log, onCleanup });
    rows = http.rows;
    notes.push(...http.notes);
  }
  let sale: Awaited<ReturnType<typeof runSale>> | undefined;
  if (parts.sale) {
    sale = await runSale({
      database,
      seconds,
      warmupSeconds: quick ? 0.5 : WARMUP_SECONDS,
      connections: saleConnections,
      log,
      onCleanup,
    });
    notes.push(...sale.notes);
  }
  let realtime: RealtimeResult | undefined;
  if (parts.realtime) {
    realtime = await runRealtime({
      database,
      seconds: realtimeSeconds,
      scale,
      scenario: process.env.BENCH_REALTIME_SCENARIO,
      log,
      onCleanup,
    });
    notes.push(...realtime.notes);
  }
  let reports: Awaited<ReturnType<typeof runReports>> | undefined;
  if (parts.reports) {
    reports = await runReports({ database, log, onCleanup });
    notes.push(...reports.notes);
  }

  let sync: Awaited<ReturnType<typeof runSync>> | undefined;
  if (parts.sync) {
    sync = await runSync({ database, log, onCleanup });
    notes.push(...sync.notes);
  }

  let kitchen: Awaited<ReturnType<typeof runKitchen>> | undefined;
  if (parts.kitchen) {
    kitchen = await runKitchen({ database, seconds: kitchenSeconds, log, onCleanup });
    notes.push(...kitchen.notes);
  }

  const details = await machineDetails(database, {
    seconds,
    warmupSeconds: WARMUP_SECONDS,
    realtimeSeconds,
    loadAverage,
    ...parts,
  });
  const sections: Section[] = [];
  if (parts.http) {
    sections.push({
      heading: 'HTTP scenarios (checkout: order with 3 lines + cash payment)',
      text: textTable(HTTP_COLUMNS, rows),
      markdown: markdownTable(HTTP_COLUMNS, rows),
    });
  }
  if (sale) {
    sections.push({
      heading: 'The sale path beside a raw SQL transaction (order with 3 lines + cash payment completing it)',
      text: textTable(SALE_COLUMNS, sale.rows),
      markdown: markdownTable(SALE_COLUMNS, sale.rows),
      info: sale.info,
    });
  }
  if (realtime) {
    sections.push({
      heading: 'Realtime fan-out',
      text: textTable(REALTIME_COLUMNS, realtime.rows),
      markdown: markdownTable(REALTIME_COLUMNS, realtime.rows),
      info: realtime.info,
    });
  }
  if (reports) {
    sections.push({
      heading: reports.heading,
      text: textTable(REPORT_COLUMNS, reports.rows),
      markdown: markdownTable(REPORT_COLUMNS, reports.rows),
      info: reports.info,
    });
  }
  if (sync) {
    sections.push({
      heading: 'Offline sync: 1,000 sales uploaded by a register while online sales continue',
      text: textTable(SYNC_COLUMNS, sync.rows),
      markdown: markdownTable(SYNC_COLUMNS, sync.rows),
      info: sync.info,
    });
  }
  if (kitchen) {
    sections.push({
      heading: 'Kitchen: 1,000 tickets a minute over 10 stations, send → kitchen display socket',
      text: textTable(KITCHEN_COLUMNS, kitchen.rows),
      markdown: markdownTable(KITCHEN_COLUMNS, kitchen.rows),
      info: kitchen.info,
    });
  }
  process.stdout.write(`\n${textReport(details, sections)}\n\n`);
  for (const note of notes) {
    process.stderr.write(`WARNING: ${note}\n`);
  }
  if (record) {
    await appendRecord(new Date(), `${database.kind} PostgreSQL`, details, sections, notes);
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
