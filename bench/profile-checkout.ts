// Lists the statements of one checkout (create an order with 3 lines, pay cash; keys on both) and
// of the one-request sale, as the server sends them: every pg client of this process is counted
// (the pool, and the LISTEN connections of the webhook worker and the realtime gateway).
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/profile-checkout.ts
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createApi } from './api.ts';
import { scenarios } from './scenarios.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { withDatabase, type DB } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `kasir_profile_${process.pid}`;
const admin = new Kysely<DB>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: base, max: 1 }) }),
});
await sql`create database ${sql.id(name)}`.execute(admin);
let log: { sql: string; ms: number }[] | null = null;
{
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text);
    const t0 = performance.now();
    const r = original.apply(this, args);
    const entry = log ? { sql: text.replace(/\s+/g, ' ').trim().slice(0, 110), ms: 0 } : null;
    if (entry) {
      log!.push(entry);
      if (r instanceof Promise) {
        void r.then(
          () => (entry.ms = performance.now() - t0),
          () => undefined,
        );
      }
    }
    return r;
  };
}
const url = withDatabase(base, name);
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 5 }) }),
});
try {
  await migrateToLatest(db);
  const app = await buildApp({
    db,
    config: { ...loadConfig({}), rateLimit: { max: 1e6, authMax: 1e6, windowMs: 60000 } },
    jwtSecret: 'x'.repeat(32),
    logger: false,
    databaseUrl: url,
  });
  await app.ready();
  let keyNo = 0;
  const call = async (method: string, url: string, body?: unknown, token?: string) => {
    const r = await app.inject({
      method: method as 'POST',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(method !== 'GET' ? { 'idempotency-key': `profile-${process.pid}-${keyNo++}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    return r.json();
  };
  // The bench's own scenarios (bench/scenarios.ts): a register, modifiers, a service charge, cash rounding.
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  const api = createApi(`http://127.0.0.1:${address.port}`);
  const seed = (name: string) =>
    scenarios.find((s) => s.name === name)!.setup(api) as Promise<{
      token: string;
      body: Record<string, unknown> & { payments?: unknown };
    }>;
  const checkout = await seed('checkout (3 lines + cash)');
  const oneRequest = await seed('sale (one request)');
  const tk = checkout.token;
  for (let round = 0; round < 3; round++) {
    log = [];
    const t0 = performance.now();
    const order = await call('POST', '/v1/orders', checkout.body, tk);
    const t1 = performance.now();
    const orderLog = log;
    log = [];
    await call(
      'POST',
      `/v1/orders/${order.id}/payments`,
      { method: 'cash', tendered: 50_000_000, completeOrder: true },
      tk,
    );
    const t2 = performance.now();
    await new Promise((r) => setTimeout(r, 50)); // the workers woken by the commit
    const payLog = log;
    log = [];
    const sale = await call('POST', '/v1/sales', oneRequest.body, oneRequest.token);
    const t3 = performance.now();
    await new Promise((r) => setTimeout(r, 50));
    if (round === 2) {
      if (!sale.id) {
        console.log(`POST /v1/sales: ${JSON.stringify(sale)}`);
      }
      for (const [label, l, ms] of [
        ['order', orderLog, t1 - t0],
        ['payment', payLog, t2 - t1],
        ['one-request sale', log, t3 - t2],
      ] as const) {
        console.log(
          `\n${label}: ${l.length} statements, ${l.reduce((s, x) => s + x.ms, 0).toFixed(1)} ms in SQL, ${ms.toFixed(1)} ms total`,
        );
        for (const q of l) {
          console.log(`  ${q.ms.toFixed(2).padStart(6)}  ${q.sql}`);
        }
      }
    }
  }
  await app.close();
} finally {
  await db.destroy();
  await sql`drop database if exists ${sql.id(name)}`.execute(admin);
  await admin.destroy();
}
