// The offline sync bench (issue 12): a register uploads 1,000 sales it made offline (5 uploads of
// 200, one after the other, as the register sends them) while two online cashiers keep selling at
// the same outlet (`POST /v1/sales`; BENCH_SYNC_ONLINE=0 for none). Reports the upload's time and rate, statements per synced sale,
// and the online sales' latency meanwhile (the lock pile-up check). Goal: 1,000 sales in ≤ 10 s.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/platform/config/config.ts';
import { newId } from '../src/platform/ids/ids.ts';
import { createApi, expectStatus, signUp } from './api.ts';
import { countRoundTrips, nodeCpuMs, roundTrips } from './cpu.ts';
import type { BenchDatabase } from './database.ts';
import type { Column } from './table.ts';

export interface SyncRow {
  row: string;
  sales: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  roundTrips: number;
  nodeCpuMs: number;
  failed: number;
}
const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '–');
export const SYNC_COLUMNS: readonly Column<SyncRow>[] = [
  { header: 'row', align: 'left', cell: (r) => r.row },
  { header: 'sales', align: 'right', cell: (r) => String(r.sales) },
  { header: 's', align: 'right', cell: (r) => f(r.seconds, 2) },
  { header: 'sales/s', align: 'right', cell: (r) => f(r.perSecond, 1) },
  { header: 'p50 ms', align: 'right', cell: (r) => f(r.p50Ms, 1) },
  { header: 'p99 ms', align: 'right', cell: (r) => f(r.p99Ms, 1) },
  { header: 'round trips/sale', align: 'right', cell: (r) => f(r.roundTrips, 1) },
  { header: 'node CPU ms/sale', align: 'right', cell: (r) => f(r.nodeCpuMs, 2) },
  { header: 'failed', align: 'right', cell: (r) => String(r.failed) },
];
export const SYNC_BUDGET_MS = 300_000;

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export async function runSync(o: {
  database: BenchDatabase;
  log: (line: string) => void;
  onCleanup: (step: () => Promise<unknown>) => void;
  sales?: number;
}): Promise<{ rows: SyncRow[]; notes: string[]; info: string[] }> {
  countRoundTrips();
  const total = o.sales ?? 1000;
  const base = loadConfig({});
  const config: Config = {
    ...base,
    rateLimit: { max: 1_000_000_000, authMax: 1_000_000_000, windowMs: 60_000 },
  };
  const app = await buildApp({
    db: o.database.db,
    databaseUrl: o.database.url,
    config,
    jwtSecret: randomBytes(32).toString('hex'),
    logger: { level: config.logLevel, stream: createWriteStream('/dev/null') },
  });
  let closed: Promise<void> | undefined;
  o.onCleanup(() => (closed ??= app.close()));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') {
    throw new Error('the app is not listening on a TCP port');
  }
  const api = createApi(`http://127.0.0.1:${address.port}`);
  const call = (method: string, path: string, token: string, body?: unknown, status = 201) =>
    api
      .call(method, path, { token, ...(body !== undefined ? { body } : {}) })
      .then((r) => expectStatus(r, status, path));

  o.log('sync: seeding a business, a register device and a cashier');
  const biz = await signUp(api, 'sync');
  const tk = biz.token;
  const outlet = await call('POST', '/v1/outlets', tk, { name: 'Main' });
  const register = await call('POST', '/v1/registers', tk, { outletId: outlet.id, name: 'Kasir offline' });
  const pb1 = await call('POST', '/v1/catalog/tax-rates', tk, {
    name: 'PB1',
    ratePpm: 100_000,
    inclusive: false,
  });
  const items: any[] = [];
  for (const [name, price] of [
    ['Es Teh', 1_000_000],
    ['Nasi Goreng', 2_500_000],
    ['Kerupuk', 500_000],
  ] as const) {
    items.push(
      await call('POST', '/v1/catalog/items', tk, {
        name,
        taxRateIds: [pb1.id],
        variants: [{ name: 'R', price }],
      }),
    );
  }
  const roles = await call('GET', '/v1/roles', tk, undefined, 200);
  const roleId = roles.items.find((r: { key: string }) => r.key === 'cashier').id;
  const cashier = await call('POST', '/v1/staff', tk, {
    email: `sync.${randomBytes(4).toString('hex')}@bench.kasir`,
    name: 'Cashier',
    password: 'bench password 123',
    roleId,
    pin: '2468',
  });
  const code = await call('POST', `/v1/registers/${register.id}/pairing-codes`, tk, {});
  const paired = expectStatus(
    await api.call('POST', '/v1/devices/pair', { body: { code: code.code, name: 'Tab' } }),
    201,
    'pair',
  );
  const till = (
    await call('POST', '/v1/auth/pin', paired.deviceToken, { membershipId: cashier.id, pin: '2468' }, 200)
  ).accessToken as string;
  const blocks: any[] = [];
  for (let left = total; left > 0; left -= 500) {
    blocks.push(await call('POST', '/v1/sync/receipt-blocks', till, { size: Math.min(500, left) }));
  }
  // Every sale: 3 lines (PB1 10% exclusive), cash.
  const subtotal = 1_000_000 + 2_500_000 + 500_000;
  const saleTotal = subtotal + subtotal / 10;
  const sales = Array.from({ length: total }, (_, i) => {
    const block = blocks[Math.floor(i / 500)]!;
    return {
      clientId: newId(),
      sequence: i + 1,
      deviceTime: new Date().toISOString(),
      catalogVersion: '1',
      blockId: block.id,
      receiptNumber: block.firstNumber + (i % 500),
      total: saleTotal,
      diningOption: 'takeaway',
      lines: items.map((it) => ({
        id: newId(),
        itemId: it.id,
        variantId: it.variants[0].id,
        quantity: 1,
        sold: {
          name: it.name,
          variantName: 'R',
          unitPrice: it.variants[0].price,
          modifiers: [],
          taxRates: [{ id: pb1.id, name: 'PB1', ratePpm: 100_000, inclusive: false }],
        },
      })),
      payments: [{ id: newId(), method: 'cash', tendered: saleTotal }],
    };
  });
  const online = {
    outletId: outlet.id,
    diningOption: 'takeaway',
    lines: items.map((it) => ({ itemId: it.id, variantId: it.variants[0].id, quantity: 1 })),
    payments: [{ method: 'cash', tendered: saleTotal }],
  };

  o.log(`sync: uploading ${total} offline sales while two online cashiers sell`);
  const onlineMs: number[] = [];
  let onlineFailed = 0;
  let stop = false;
  const sellers = Number(process.env.BENCH_SYNC_ONLINE ?? 2);
  const onlineSellers = Array.from({ length: sellers }, async () => {
    while (!stop) {
      const t0 = performance.now();
      const r = await api.call('POST', '/v1/sales', { token: tk, body: online });
      if (r.status === 201) {
        onlineMs.push(performance.now() - t0);
      } else {
        onlineFailed += 1;
      }
    }
  });
  const load = os.loadavg()[0] ?? 0;
  const rt0 = roundTrips();
  const cpu0 = nodeCpuMs();
  const t0 = performance.now();
  let accepted = 0;
  let failed = 0;
  const uploadMs: number[] = [];
  for (let i = 0; i < total; i += 200) {
    const u0 = performance.now();
    const r = await call('POST', '/v1/sync/sales', till, { sales: sales.slice(i, i + 200) }, 200);
    uploadMs.push(performance.now() - u0);
    for (const s of r.results as { status: string }[]) {
      if (s.status === 'accepted') {
        accepted += 1;
      } else {
        failed += 1;
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const rt = roundTrips() - rt0;
  const cpu = nodeCpuMs() - cpu0;
  stop = true;
  await Promise.all(onlineSellers);
  const sorted = [...onlineMs].sort((a, b) => a - b);
  const uploads = [...uploadMs].sort((a, b) => a - b);
  const rows: SyncRow[] = [
    {
      row: `offline upload (${total / 200} × 200 sales)`,
      sales: accepted,
      seconds,
      perSecond: accepted / seconds,
      p50Ms: percentile(uploads, 50),
      p99Ms: percentile(uploads, 99),
      // Includes the online sellers' statements meanwhile: an upper bound per synced sale.
      roundTrips: rt / accepted,
      nodeCpuMs: cpu / accepted,
      failed,
    },
    {
      row: `online sales meanwhile (${sellers} cashiers, same outlet)`,
      sales: onlineMs.length,
      seconds,
      perSecond: onlineMs.length / seconds,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      roundTrips: Number.NaN,
      nodeCpuMs: Number.NaN,
      failed: onlineFailed,
    },
  ];
  const notes: string[] = [];
  if (seconds > 10) {
    notes.push(
      `sync: ${total} offline sales took ${seconds.toFixed(1)} s (goal ≤ 10 s; 1-min load ${load.toFixed(1)} at start)`,
    );
  }
  return {
    rows,
    notes,
    info: [
      `1-minute load average when the upload started: ${load.toFixed(2)} (${os.cpus().length} cores)`,
      'round trips and node CPU per sale count the online sellers too (one process): an upper bound',
    ],
  };
}
