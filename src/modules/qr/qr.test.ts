import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids/ids.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

let t: TestApp;
let fx: TenantFixture;
let other: TenantFixture;
let waiter: { token: string };
let kitchen: { token: string };
let floorId: string;
let soup: { id: string; variants: { id: string }[] };
let tableCount = 0;

const api = () => client(t.app);

async function newTable(f = fx, floor = floorId) {
  const res = await api().post(
    '/v1/tables',
    { floorId: floor, name: `Q${++tableCount}`, seats: 4 },
    f.ownerToken,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string };
}

async function codeFor(tableId: string, token = fx.ownerToken) {
  const res = await api().post(`/v1/tables/${tableId}/code`, {}, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { token: string; url: string; version: number };
}

const line = (quantity = 1) => ({ itemId: soup.id, variantId: soup.variants[0]!.id, quantity });
const place = (code: string, lines = [line()], id = newId()) =>
  api().post(`/v1/qr/tables/${code}/orders`, { id, lines });

beforeAll(async () => {
  t = await createTestApp({
    qr: { perTablePerMinute: 40, perAddressPerMinute: 100_000 },
    logger: { level: 'error' },
  });
  fx = await createTenant(t.app, 'Warung QR');
  other = await createTenant(t.app, 'Other QR');
  waiter = await addStaff(t.app, fx, 'waiter');
  kitchen = await addStaff(t.app, fx, 'kitchen');
  const tk = fx.ownerToken;
  floorId = (await api().post('/v1/floors', { outletId: fx.outletId, name: 'Teras' }, tk)).body.id;
  soup = (
    await api().post('/v1/catalog/items', { name: 'Soto', variants: [{ name: 'R', price: 3_000_000 }] }, tk)
  ).body;
  await api().post(
    '/v1/kitchen/stations',
    { outletId: fx.outletId, key: 'qr-kitchen', name: 'Dapur', isDefault: true },
    tk,
  );
});
afterAll(async () => {
  await t.close();
});

describe('table codes', () => {
  it('issues a signed code whose QR is a PNG and an SVG, and opens the table without login', async () => {
    const table = await newTable();
    const code = await codeFor(table.id);
    expect(code.version).toBe(1);
    expect(code.url).toMatch(new RegExp(`/t/${code.token.replace('.', '\\.')}$`));
    const png = await t.app.inject({
      url: `/v1/tables/${table.id}/code.png`,
      headers: { authorization: `Bearer ${fx.ownerToken}` },
    });
    expect(png.statusCode).toBe(200);
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const svg = await api().get(`/v1/tables/${table.id}/code.svg`, fx.ownerToken);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(String(svg.body)).toContain('<svg');
    const scan = await api().post(`/v1/qr/tables/${code.token}/scan`, {});
    expect(scan.status, JSON.stringify(scan.body)).toBe(200);
    expect(scan.body).toMatchObject({
      table: { id: table.id, name: table.name },
      business: { currency: 'IDR' },
      priceDisplay: 'tax_inclusive',
      autoAccept: false,
    });
    const menu = await api().get(`/v1/qr/tables/${code.token}/menu`);
    expect(menu.status).toBe(200);
    expect(menu.body.items.map((i: any) => i.name)).toContain('Soto');
    expect(menu.body.discounts).toEqual([]);
    const events = await api().get('/v1/events?limit=500', fx.ownerToken);
    expect(events.body.items.map((e: any) => e.type)).toContain('qr.scanned');
  });

  it('a forged, rotated or revoked code is a 404 problem', async () => {
    const table = await newTable();
    const code = await codeFor(table.id);
    const forged = `${code.token.slice(0, -2)}${code.token.endsWith('A') ? 'B' : 'A'}A`;
    for (const bad of [forged, 'nonsense', `${code.token}x`]) {
      const res = await api().get(`/v1/qr/tables/${encodeURIComponent(bad)}/menu`);
      expect(res.status, bad).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('table_codes.not_found');
    }
    const rotated = (await api().post(`/v1/tables/${table.id}/code/rotate`, {}, fx.ownerToken)).body;
    expect(rotated.version).toBe(2);
    expect((await api().get(`/v1/qr/tables/${code.token}/menu`)).status).toBe(404);
    expect((await api().get(`/v1/qr/tables/${rotated.token}/menu`)).status).toBe(200);
    const revoked = await api().post(`/v1/tables/${table.id}/code/revoke`, {}, fx.ownerToken);
    expect(revoked.body).toMatchObject({ revoked: true, token: null });
    expect((await place(rotated.token)).status).toBe(404);
    expect((await api().get(`/v1/tables/${table.id}/code.png`, fx.ownerToken)).status).toBe(404);
    // A waiter may not manage codes.
    expect((await api().post(`/v1/tables/${table.id}/code/rotate`, {}, waiter.token)).status).toBe(403);
  });

  it("prints a sheet of the outlet's live codes", async () => {
    const issued = await api().post(`/v1/outlets/${fx.outletId}/table-codes`, {}, fx.ownerToken);
    expect(issued.status).toBe(200);
    const sheet = await api().get(`/v1/outlets/${fx.outletId}/table-codes/sheet`, fx.ownerToken);
    expect(sheet.headers['content-type']).toContain('text/html');
    const live = issued.body.items.filter((c: any) => !c.revoked);
    expect(String(sheet.body).match(/<svg/g)).toHaveLength(live.length);
  });
});

describe('ordering from the table', () => {
  it('waits for staff, who accept it onto the open order and the kitchen; the customer follows it', async () => {
    const table = await newTable();
    const code = await codeFor(table.id);
    const id = newId();
    const placed = await place(code.token, [line(2)], id);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.order).toMatchObject({ status: 'pending', tracking: 'received', total: 6_000_000 });
    // The same id again is the same order (idempotent), with the same token.
    const again = await place(code.token, [line(2)], id);
    expect(again.body.customerToken).toBe(placed.body.customerToken);
    const pending = await api().get(`/v1/qr/orders?outletId=${fx.outletId}&status=pending`, waiter.token);
    expect(pending.body.items.map((o: any) => o.id)).toContain(id);

    const accepted = await api().post(`/v1/qr/orders/${id}/accept`, {}, waiter.token);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', tableName: table.name });
    expect((await api().post(`/v1/qr/orders/${id}/accept`, {}, waiter.token)).status).toBe(409);
    const order = (await api().get(`/v1/orders/${accepted.body.orderId}`, waiter.token)).body;
    expect(order).toMatchObject({ status: 'sent', tableRef: table.name, total: 6_000_000 });

    const track = () => api().get(`/v1/qr/track/${placed.body.customerToken}`);
    expect((await track()).body).toMatchObject({ tracking: 'accepted', bill: { balance: 6_000_000 } });
    const tickets = (await api().get(`/v1/kitchen/tickets?orderId=${order.id}&state=all`, kitchen.token)).body
      .items;
    expect(tickets).toHaveLength(1);
    const ticket = tickets[0];
    await api().post(
      `/v1/kitchen/tickets/${ticket.id}/lines/${ticket.lines[0].lineId}/status`,
      { status: 'preparing' },
      kitchen.token,
    );
    expect((await track()).body.tracking).toBe('preparing');
    await api().post(`/v1/kitchen/tickets/${ticket.id}/bump`, {}, kitchen.token);
    expect((await track()).body.tracking).toBe('ready');

    // A second order at the same table joins the same open order.
    const second = await place(code.token);
    const acc2 = await api().post(`/v1/qr/orders/${second.body.order.id}/accept`, {}, waiter.token);
    expect(acc2.body.orderId).toBe(order.id);
  });

  it('goes to the kitchen at once when the business accepts automatically', async () => {
    const set = await api().patch('/v1/qr/settings', { autoAccept: true }, fx.ownerToken);
    expect(set.body.autoAccept).toBe(true);
    try {
      const code = await codeFor((await newTable()).id);
      const placed = await place(code.token);
      expect(placed.body.order).toMatchObject({ status: 'accepted', tracking: 'accepted' });
      const [staffView] = (await api().get('/v1/qr/orders', fx.ownerToken)).body.items.filter(
        (o: any) => o.id === placed.body.order.id,
      );
      const row = await t.database.db
        .selectFrom('orders')
        .select(['source', 'created_by', 'status'])
        .where('id', '=', staffView.orderId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ source: 'qr', created_by: `customer:${staffView.tableId}`, status: 'sent' });
    } finally {
      await api().patch('/v1/qr/settings', { autoAccept: false }, fx.ownerToken);
    }
  });

  it('staff reject with a reason the customer sees', async () => {
    const code = await codeFor((await newTable()).id);
    const placed = await place(code.token);
    const rej = await api().post(
      `/v1/qr/orders/${placed.body.order.id}/reject`,
      { reason: 'Dapur tutup' },
      waiter.token,
    );
    expect(rej.body.status).toBe('rejected');
    const seen = (await api().get(`/v1/qr/track/${placed.body.customerToken}`)).body;
    expect(seen).toMatchObject({ tracking: 'rejected', rejectReason: 'Dapur tutup', bill: null });
  });
});

describe('abuse limits', () => {
  it('caps quantities per line and per order, and orders waiting per table (422)', async () => {
    const code = await codeFor((await newTable()).id);
    const big = await place(code.token, [line(21)]);
    expect(big.status).toBe(422);
    expect(big.body).toMatchObject({ code: 'qr.limit_reached' });
    expect(big.body.detail).toContain('20');
    const many = await place(code.token, [line(20), line(20), line(11)]);
    expect(many.status).toBe(422);
    for (let i = 0; i < 3; i++) {
      expect((await place(code.token)).status).toBe(201);
    }
    const capped = await place(code.token);
    expect(capped.status).toBe(422);
    expect(capped.body.detail).toContain('waiting');
  });

  it('rate limits one table (429) without touching another', async () => {
    const code = await codeFor((await newTable()).id);
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) {
      statuses.push((await api().get(`/v1/qr/tables/${code.token}/menu`)).status);
    }
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await api().get(`/v1/qr/tables/${code.token}/menu`);
    expect(limited.body).toMatchObject({ code: 'qr.rate_limited' });
    const fresh = await codeFor((await newTable()).id);
    expect((await api().get(`/v1/qr/tables/${fresh.token}/menu`)).status).toBe(200);
  });

  it('rate limits one address (429)', async () => {
    const strict = await createTestApp({ qr: { perAddressPerMinute: 5 } });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await client(strict.app).get('/v1/qr/tables/forged.token/menu')).status);
      }
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    } finally {
      await strict.close();
    }
  });
});

describe('customer tokens and tenants', () => {
  it('a customer token reads its own order only; table codes and customer tokens do not mix', async () => {
    const code = await codeFor((await newTable()).id);
    const a = await place(code.token);
    const b = await place(code.token);
    const ta = a.body.customerToken as string;
    expect((await api().get(`/v1/qr/track/${ta}`)).body.id).toBe(a.body.order.id);
    expect((await api().get(`/v1/qr/track/${b.body.customerToken}`)).body.id).toBe(b.body.order.id);
    // A's payload with B's signature, a table code as a customer token, and the reverse: all 404.
    const spliced = `${ta.split('.')[0]}.${(b.body.customerToken as string).split('.')[1]}`;
    for (const bad of [spliced, code.token]) {
      const res = await api().get(`/v1/qr/track/${bad}`);
      expect(res.status).toBe(404);
    }
    expect((await api().get(`/v1/qr/tables/${ta}/menu`)).status).toBe(404);
  });

  it('another business cannot see, accept or issue codes for this one', async () => {
    const table = await newTable();
    const code = await codeFor(table.id);
    const placed = await place(code.token);
    const id = placed.body.order.id;
    expect((await api().post(`/v1/qr/orders/${id}/accept`, {}, other.ownerToken)).status).toBe(404);
    expect((await api().post(`/v1/tables/${table.id}/code`, {}, other.ownerToken)).status).toBe(404);
    const theirs = await api().get('/v1/qr/orders', other.ownerToken);
    expect(theirs.body.items).toEqual([]);
    // The other business's table code never opens this one's menu.
    const otherFloor = (
      await api().post('/v1/floors', { outletId: other.outletId, name: 'X' }, other.ownerToken)
    ).body.id;
    const otherTable = await newTable(other, otherFloor);
    const otherCode = await codeFor(otherTable.id, other.ownerToken);
    const theirMenu = await api().get(`/v1/qr/tables/${otherCode.token}/menu`);
    expect(theirMenu.body.items.map((i: any) => i.name)).not.toContain('Soto');
  });
});
