// The sale bench (issue 10): Kasir's sale path beside a raw reference, in one run.
//
// - Kasir is built as production builds it: LISTEN connections, the webhook worker and the realtime
//   gateway running, request logging on (into /dev/null), fsync on.
// - The raw reference (bench/raw-sale.ts) writes the rows one Kasir sale wrote, as one SQL
//   transaction per sale from a minimal `pg` client per connection.
// - Per connection count (1, 8, 32): sales/s and the ratio to raw, p50/p99 per sale, CPU per sale
//   (this process — Kasir's server or the raw client — and the PostgreSQL cluster, from /proc),
//   and round trips per sale (every query any pg client of this process sent during the run).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/platform/config/config.ts';
import { createApi, expectStatus, type Api } from './api.ts';
import { countRoundTrips, nodeCpuMs, pgCpuMeter, roundTrips, type PgCpuMeter } from './cpu.ts';
import type { BenchDatabase } from './database.ts';
import { trackHandlers } from './inflight.ts';
import { startLoadGenerator } from './loadgen.ts';
import { rawSeller, readSaleTemplate } from './raw-sale.ts';
import { scenarios } from './scenarios.ts';
import type { Column } from './table.ts';
import type { Scenario } from './types.ts';

/** The Kasir scenarios (bench/scenarios.ts) that make one sale per operation. */
export const SALE_SCENARIOS = ['checkout (3 lines + cash)', 'sale (one request)'] as const;
const RAW = 'raw SQL transaction';

export interface SaleRow {
  row: string;
  connections: number;
  salesPerSecond: number;
  /** Sales/s over the raw reference's at the same connection count. */
  ratio: number;
  p50Ms: number;
  p99Ms: number;
  nodeCpuMs: number;
  pgCpuMs: number;
  roundTrips: number;
  failed: number;
}

const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '–');
export const SALE_COLUMNS: readonly Column<SaleRow>[] = [
  { header: 'row', align: 'left', cell: (r) => r.row },
  { header: 'connections', align: 'right', cell: (r) => String(r.connections) },
  { header: 'sales/s', align: 'right', cell: (r) => f(r.salesPerSecond, 1) },
  { header: '× raw', align: 'right', cell: (r) => f(r.ratio, 2) },
  { header: 'p50 ms', align: 'right', cell: (r) => f(r.p50Ms, 1) },
  { header: 'p99 ms', align: 'right', cell: (r) => f(r.p99Ms, 1) },
  { header: 'node CPU ms/sale', align: 'right', cell: (r) => f(r.nodeCpuMs, 2) },
  { header: 'PG CPU ms/sale', align: 'right', cell: (r) => f(r.pgCpuMs, 2) },
  { header: 'CPU ms/sale', align: 'right', cell: (r) => f(r.nodeCpuMs + r.pgCpuMs, 2) },
  { header: 'round trips/sale', align: 'right', cell: (r) => f(r.roundTrips, 1) },
  { header: 'failed', align: 'right', cell: (r) => String(r.failed) },
];

export function saleBudgetMs(seconds: number, connections: readonly number[]): number {
  return (1 + SALE_SCENARIOS.length) * connections.length * (seconds + 70) * 1000 + 60_000;
}

interface Meters {
  pg: PgCpuMeter | null;
}

async function meter<T>(
  meters: Meters,
  run: () => Promise<T>,
): Promise<{ result: T; nodeMs: number; pgMs: number; roundTrips: number }> {
  const rt0 = roundTrips();
  const n0 = nodeCpuMs();
  const p0 = (await meters.pg?.sample()) ?? Number.NaN;
  const result = await run();
  const nodeMs = nodeCpuMs() - n0;
  const pgMs = ((await meters.pg?.sample()) ?? Number.NaN) - p0;
  return { result, nodeMs, pgMs, roundTrips: roundTrips() - rt0 };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** One Kasir sale through the API, the way the checkout scenario makes it; returns the order id. */
async function apiSale(api: Api, state: { token: string; body: Record<string, unknown> }) {
  const prefix = randomBytes(6).toString('hex');
  const keys = [`tpl-order-${prefix}`, `tpl-pay-${prefix}`];
  const order = expectStatus(
    await api.call('POST', '/v1/orders', {
      token: state.token,
      body: state.body,
      headers: { 'idempotency-key': keys[0]! },
    }),
    201,
    'template order',
  );
  const note = 5_000_000;
  expectStatus(
    await api.call('POST', `/v1/orders/${order.id}/payments`, {
      token: state.token,
      body: { method: 'cash', tendered: (Math.floor(order.total / note) + 1) * note, completeOrder: true },
      headers: { 'idempotency-key': keys[1]! },
    }),
    201,
    'template payment',
  );
  return { orderId: order.id as string, keys };
}

export async function runSale(o: {
  database: BenchDatabase;
  seconds: number;
  warmupSeconds: number;
  connections: readonly number[];
  log: (line: string) => void;
  onCleanup: (step: () => Promise<unknown>) => void;
}): Promise<{ rows: SaleRow[]; notes: string[]; info: string[] }> {
  countRoundTrips();
  const base = loadConfig({});
  const config: Config = {
    ...base,
    rateLimit: { max: 1_000_000_000, authMax: 1_000_000_000, windowMs: 60_000 },
  };
  // Production logs every request (src/server.ts: pino into a SonicBoom on stdout); into /dev/null
  // here through the same kind of destination, so the cost is paid but not printed.
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: '/dev/null' }));
  const app = await buildApp({
    db: o.database.db,
    databaseUrl: o.database.url,
    config,
    jwtSecret: randomBytes(32).toString('hex'),
    logger,
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
  const { rows: pids } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(o.database.db);
  const meters: Meters = { pg: await pgCpuMeter(pids[0]!.pid) };
  const notes: string[] = [];
  const info: string[] = [];
  if (!meters.pg) {
    info.push('PostgreSQL CPU not measured: the server is not a process on this machine.');
  }

  // What this process spends doing nothing but keep the server up (pollers, timers), per second.
  const idle = await meter(meters, () => new Promise((r) => setTimeout(r, 2000)));
  info.push(
    `Idle: this process ${(idle.nodeMs / 2).toFixed(0)} ms CPU/s, PostgreSQL ${(idle.pgMs / 2).toFixed(0)} ms CPU/s, ` +
      `${(idle.roundTrips / 2).toFixed(1)} round trips/s (included in the rows above).`,
  );

  const rows: SaleRow[] = [];
  const load = startLoadGenerator();
  o.onCleanup(() => load.close());
  const handlers = trackHandlers();
  try {
    // The raw reference, from the rows of a real Kasir sale.
    const checkout = scenarios.find((s) => s.name === SALE_SCENARIOS[0])!;
    const seeded = (await checkout.setup(api)) as { token: string; body: Record<string, unknown> };
    const first = await apiSale(api, seeded);
    const { rows: tenantRows } = await sql<{ tenant_id: string }>`
      select tenant_id from orders where id = ${first.orderId}`.execute(o.database.db);
    const tenantId = tenantRows[0]!.tenant_id;
    const { rows: heads } = await sql<{ e: string; a: string }>`
      select (select seq from event_heads where tenant_id = ${tenantId}) as e,
             (select seq from audit_heads where tenant_id = ${tenantId}) as a`.execute(o.database.db);
    const sample = await apiSale(api, seeded);
    const template = await readSaleTemplate(
      o.database.url,
      tenantId,
      sample.orderId,
      { eventSeq: heads[0]!.e, auditSeq: heads[0]!.a },
      sample.keys,
    );
    info.push(
      `Raw reference: the rows of one Kasir sale (${template.lines.length} lines, ${template.costs.length} line costs, ` +
        `${template.receiptCounter ? 'the receipt counter, ' : ''}${template.entries.length} ledger entries, ` +
        `${template.events.length} events, ${template.audit.length} audit entries, ${template.idempotency.length} idempotency keys) ` +
        'written again with fresh ids, numbers and hash chain, as one transaction per sale from a minimal pg client per connection ' +
        '(since 2026-12-05 04:10 UTC with the line costs and the receipt counter, which Kasir’s sale writes too; before, the raw ' +
        'reference left them out).',
    );
    const rawRate = new Map<number, number>();
    const measureRaw = async (connections: number) => {
      o.log(`${RAW} × ${connections} …`);
      const sellers = await Promise.all(
        Array.from({ length: connections }, () => rawSeller(o.database.url, template)),
      );
      const drive = async (seconds: number) => {
        const latencies: number[] = [];
        let failed = 0;
        const end = performance.now() + seconds * 1000;
        await Promise.all(
          sellers.map(async (s) => {
            while (performance.now() < end) {
              const t0 = performance.now();
              try {
                await s.sale();
                latencies.push(performance.now() - t0);
              } catch (err) {
                failed += 1;
                await s.close().catch(() => undefined);
                throw err;
              }
            }
          }),
        );
        return { latencies, failed };
      };
      await drive(o.warmupSeconds);
      const t0 = performance.now();
      const m = await meter(meters, () => drive(o.seconds));
      const elapsed = (performance.now() - t0) / 1000;
      await Promise.all(sellers.map((s) => s.close()));
      const sales = m.result.latencies.length;
      const sorted = m.result.latencies.sort((a, b) => a - b);
      rawRate.set(connections, sales / elapsed);
      rows.push({
        row: RAW,
        connections,
        salesPerSecond: sales / elapsed,
        ratio: 1,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        nodeCpuMs: m.nodeMs / sales,
        pgCpuMs: m.pgMs / sales,
        roundTrips: sellers[0]!.statements,
        failed: m.result.failed,
      });
    };

    const measureKasir = async (name: string, scenario: Scenario, connections: number) => {
      const label = `${name} × ${connections}`;
      o.log(`${label} …`);
      const state = await scenario.setup(api);
      const job = { scenario: name, state, url, connections };
      await load.run({ ...job, seconds: o.warmupSeconds });
      await handlers.idle(30_000);
      const completed = async () =>
        Number(
          (
            await sql<{ n: string }>`select count(*) as n from orders where status = 'completed'`.execute(
              o.database.db,
            )
          ).rows[0]!.n,
        );
      const before = await completed();
      const m = await meter(meters, async () => {
        const r = await load.run({ ...job, seconds: o.seconds });
        await handlers.idle(30_000); // the work of requests dropped at the end counts too
        return r;
      });
      // Per sale committed (a sale cut off by the end of the run still did its work).
      const committed = (await completed()) - before;
      const r = m.result;
      if (r.non2xx > 0 || r.errors > 0 || r.abandoned > 0) {
        notes.push(
          `${label}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.abandoned} abandoned; ${JSON.stringify(r.statusCodes)}`,
        );
      }
      for (const problem of (await scenario.check?.(api, state)) ?? []) {
        notes.push(`${label}: ${problem}`);
      }
      const sales = committed;
      rows.push({
        row: `Kasir ${name}`,
        connections,
        salesPerSecond: r.operationsPerSecond,
        ratio: r.operationsPerSecond / (rawRate.get(connections) ?? Number.NaN),
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        nodeCpuMs: m.nodeMs / sales,
        pgCpuMs: m.pgMs / sales,
        roundTrips: m.roundTrips / sales,
        failed: r.non2xx + r.errors,
      });
    };

    // Each concurrency in turn — the raw reference, then each Kasir row — so every ratio compares
    // runs made seconds apart, not a minute apart (this machine's speed drifts within minutes).
    const kasirRows = SALE_SCENARIOS.flatMap((name) => {
      const scenario = scenarios.find((s) => s.name === name);
      if (!scenario) {
        info.push(`"${name}": no such scenario yet.`);
        return [];
      }
      return [{ name, scenario }];
    });
    for (const connections of o.connections) {
      await measureRaw(connections);
      for (const { name, scenario } of kasirRows) {
        await measureKasir(name, scenario, connections);
      }
    }
    info.push(
      'Order of runs: at each concurrency the raw reference, then each Kasir row, so each ratio compares runs made seconds apart.',
    );
    // Printed grouped by row, as before: the raw reference, then each Kasir row, by concurrency.
    const order = [RAW, ...kasirRows.map((k) => `Kasir ${k.name}`)];
    rows.sort((a, b) => order.indexOf(a.row) - order.indexOf(b.row) || a.connections - b.connections);
  } finally {
    handlers.close();
    await load.close();
    await closeApp();
  }
  info.push(
    'CPU per sale: this process (Kasir’s server, or the raw client) by process.cpuUsage, and every process of the ' +
      'PostgreSQL cluster from /proc, over the measured seconds. Round trips: every query any pg client of this ' +
      'process sent in that time (pool, LISTEN connections, webhook worker, realtime), per sale.',
  );
  return { rows, notes, info };
}
