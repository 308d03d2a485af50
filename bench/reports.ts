// Report queries over a large history: 1,000,000 completed orders of one outlet (two years,
// ~1,370 a day) and their rollups, seeded in bulk by SQL (the projector is not timed here: it runs
// as sales happen), then the report endpoints timed through the app (auth, catch-up check, queries,
// serialization) with `inject`.
//   BENCH_REPORT_ORDERS=1000000   orders to seed
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/platform/config/config.ts';
import type { BenchDatabase } from './database.ts';
import type { Column } from './table.ts';

export interface ReportBenchRow {
  report: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  goalMs: number | null;
}

export const REPORT_COLUMNS: readonly Column<ReportBenchRow>[] = [
  { header: 'report', align: 'left', cell: (r) => r.report },
  { header: 'runs', align: 'right', cell: (r) => String(r.runs) },
  { header: 'p50 ms', align: 'right', cell: (r) => r.p50Ms.toFixed(1) },
  { header: 'p95 ms', align: 'right', cell: (r) => r.p95Ms.toFixed(1) },
  { header: 'max ms', align: 'right', cell: (r) => r.maxMs.toFixed(1) },
  { header: 'goal', align: 'right', cell: (r) => (r.goalMs === null ? '–' : `≤ ${r.goalMs} ms`) },
];

const PER_DAY = 1370;
const ITEMS = 60;
const RUNS = 30;
const START = '2024-12-01';

export function reportsBudgetMs(): number {
  return 20 * 60_000;
}

/** Seeds the history and times the reports; rows for the table, notes for what went wrong. */
export async function runReports(o: {
  database: BenchDatabase;
  log: (line: string) => void;
  onCleanup: (step: () => Promise<unknown>) => void;
}): Promise<{ heading: string; rows: ReportBenchRow[]; notes: string[]; info: string[] }> {
  const orders = Number(process.env.BENCH_REPORT_ORDERS ?? 1_000_000);
  const config: Config = {
    ...loadConfig({}),
    rateLimit: { max: 1_000_000_000, authMax: 1_000_000_000, windowMs: 60_000 },
  };
  const app = await buildApp({
    db: o.database.db,
    config,
    jwtSecret: randomBytes(32).toString('hex'),
    logger: false,
    reports: { projector: false },
  });
  let closed: Promise<void> | undefined;
  const closeApp = (): Promise<void> => (closed ??= app.close());
  o.onCleanup(closeApp);
  await app.ready();
  const signup = await app.inject({
    method: 'POST',
    url: '/v1/signup',
    payload: {
      businessName: 'Report bench',
      currency: 'IDR',
      timezone: 'Asia/Jakarta',
      locale: 'id-ID',
      ownerName: 'Owner',
      email: `reports.${Date.now()}@bench.kasir`,
      password: 'correct horse battery',
    },
  });
  const { accessToken: token, tenant } = signup.json<{ accessToken: string; tenant: { id: string } }>();
  const auth = { authorization: `Bearer ${token}` };
  const outlet = (
    await app.inject({ method: 'POST', url: '/v1/outlets', headers: auth, payload: { name: 'Main' } })
  ).json<{
    id: string;
  }>();
  const db = o.database.db;
  const t0 = performance.now();
  o.log(`seeding ${orders.toLocaleString('en')} orders …`);
  await sql`
    insert into orders (tenant_id, id, outlet_id, number, business_date, status, dining_option, currency,
      rounding_mode, tax_rounding, cash_rounding_increment, subtotal, tax_total, tax_exclusive_total, total,
      paid_amount, payment_status, created_by, created_at, updated_at, completed_at)
    select ${tenant.id}::uuid, gen_random_uuid(), ${outlet.id}::uuid, (g % ${PER_DAY}) + 1, d, 'completed',
      (array['dine_in', 'takeaway', 'delivery'])[1 + g % 3], 'IDR', 'half_even', 'bucket', 0,
      price, price / 10, price / 10, price + price / 10, price + price / 10, 'paid', 'bench', at, at, at
    from (
      select g, ${START}::date + g / ${PER_DAY} as d,
        ((${START}::date + g / ${PER_DAY}) + time '08:00' + make_interval(secs => (g % ${PER_DAY}) * 36)) at time zone 'Asia/Jakarta' as at,
        (1 + g % 17) * 1_500_000::bigint as price
      from generate_series(0, ${orders - 1}) g
    ) s`.execute(db);
  const seededOrders = performance.now() - t0;
  o.log(`orders in ${(seededOrders / 1000).toFixed(1)} s; rollups …`);
  const t1 = performance.now();
  const figures = sql`count(*), sum(subtotal), sum(tax_total), sum(total)`;
  await sql`
    insert into report_rollups (tenant_id, dimension, business_date, outlet_id, key, label, orders, gross, tax, collected)
    select tenant_id, 'day', business_date, outlet_id, '', '', ${figures}
    from orders where tenant_id = ${tenant.id} group by tenant_id, business_date, outlet_id`.execute(db);
  await sql`
    insert into report_rollups (tenant_id, dimension, business_date, outlet_id, key, label, orders, gross, tax, collected)
    select tenant_id, 'hour', business_date, outlet_id, to_char(completed_at at time zone 'Asia/Jakarta', 'HH24'), '', ${figures}
    from orders where tenant_id = ${tenant.id} group by 1, 2, 3, 4, 5`.execute(db);
  await sql`
    insert into report_rollups (tenant_id, dimension, business_date, outlet_id, key, label, orders, gross, tax, collected)
    select tenant_id, 'dining', business_date, outlet_id, dining_option, dining_option, ${figures}
    from orders where tenant_id = ${tenant.id} group by 1, 2, 3, 4, 5`.execute(db);
  // Items, variants, categories and tenders: each day's figures spread over the catalog.
  for (const [dimension, keys] of [
    ['item', ITEMS],
    ['variant', ITEMS * 2],
    ['category', 8],
    ['payment', 3],
  ] as const) {
    await sql`
      insert into report_rollups (tenant_id, dimension, business_date, outlet_id, key, label, orders, quantity, gross, tax, collected)
      select d.tenant_id, ${dimension}, d.business_date, d.outlet_id, ${dimension} || '-' || k, initcap(${dimension}) || ' ' || k,
        d.orders / ${keys}, d.orders / ${keys} * 2, d.gross / ${keys}, d.tax / ${keys}, d.collected / ${keys}
      from report_rollups d cross join generate_series(1, ${keys}) k
      where d.tenant_id = ${tenant.id} and d.dimension = 'day'`.execute(db);
  }
  // The projector is caught up with everything the API wrote (the seeded orders have no events).
  await sql`
    insert into report_cursors (tenant_id, seq) select tenant_id, seq from event_heads where tenant_id = ${tenant.id}
    on conflict (tenant_id) do update set seq = excluded.seq`.execute(db);
  await sql`analyze orders`.execute(db);
  await sql`analyze report_rollups`.execute(db);
  const seededRollups = performance.now() - t1;
  const count = await sql<{
    n: string;
  }>`select count(*) as n from report_rollups where tenant_id = ${tenant.id}`.execute(db);

  const last = await sql<{ d: string }>`
    select to_char(max(business_date), 'YYYY-MM-DD') as d from orders where tenant_id = ${tenant.id}`.execute(
    db,
  );
  const day = last.rows[0]!.d;
  const monthFrom = new Date(Date.parse(`${day}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const yearFrom = new Date(Date.parse(`${day}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  const notes: string[] = [];
  const time = async (report: string, url: string, goalMs: number | null): Promise<ReportBenchRow> => {
    const ms: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const start = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: auth });
      const took = performance.now() - start;
      if (res.statusCode !== 200) {
        notes.push(`${report}: HTTP ${res.statusCode} ${res.body.slice(0, 200)}`);
        break;
      }
      if (i >= 3) {
        ms.push(took);
      }
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? NaN;
    const row = {
      report,
      runs: ms.length,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      maxMs: ms[ms.length - 1] ?? NaN,
      goalMs,
    };
    if (goalMs !== null && row.p95Ms > goalMs) {
      notes.push(`${report}: p95 ${row.p95Ms.toFixed(1)} ms is over the goal of ${goalMs} ms`);
    }
    return row;
  };
  const q = `outletId=${outlet.id}`;
  const rows = [
    await time('daily summary, one outlet', `/v1/reports/sales-summary?from=${day}&${q}`, 100),
    await time("a month's item report", `/v1/reports/items?from=${monthFrom}&to=${day}&${q}`, 200),
    await time(
      "a month's summary (30 days + tenders)",
      `/v1/reports/sales-summary?from=${monthFrom}&to=${day}&${q}`,
      null,
    ),
    await time("a year's hours", `/v1/reports/hours?from=${yearFrom}&to=${day}&${q}`, null),
    await time(
      'csv: a month of items',
      `/v1/reports/items?from=${monthFrom}&to=${day}&${q}&format=csv`,
      null,
    ),
  ];
  await closeApp();
  return {
    heading: `Reports over ${orders.toLocaleString('en')} orders (rollups)`,
    rows,
    notes,
    info: [
      `History: ${orders.toLocaleString('en')} completed orders of one outlet over ${Math.ceil(orders / PER_DAY)} days (${START} on), seeded by one INSERT … generate_series in ${(seededOrders / 1000).toFixed(1)} s; ${Number(count.rows[0]!.n).toLocaleString('en')} rollup rows (day, hour, dining, ${ITEMS} items, ${ITEMS * 2} variants, 8 categories, 3 tenders per day) built from them by SQL in ${(seededRollups / 1000).toFixed(1)} s.`,
      `Each row: ${RUNS} sequential requests through the app (\`inject\`: auth, the projector's catch-up check, the rollup queries for the period and the previous one, serialization) after 3 warm-ups. The month's item report reads 2 × 30 days × ${ITEMS} rows.`,
    ],
  };
}
