import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

let t: TestApp;
let fx: TenantFixture;

beforeAll(async () => {
  t = await createTestApp();
  fx = await createTenant(t.app, 'Record Café');
});
afterAll(async () => {
  await t.close();
});

describe('the order record', () => {
  it('reads an order from its stored figures: the same DTO as pricing it again from its snapshots', async () => {
    const api = client(t.app);
    const tk = fx.ownerToken;
    const vat = (
      await api.post('/v1/catalog/tax-rates', { name: 'VAT', ratePpm: 110_000, inclusive: false }, tk)
    ).body;
    const pb1 = (
      await api.post('/v1/catalog/tax-rates', { name: 'PB1', ratePpm: 100_000, inclusive: true }, tk)
    ).body;
    const rice = (
      await api.post(
        '/v1/catalog/items',
        { name: 'Nasi', taxRateIds: [vat.id], variants: [{ name: 'Plate', price: 3_333_300 }] },
        tk,
      )
    ).body;
    const tea = (
      await api.post(
        '/v1/catalog/items',
        { name: 'Teh', taxRateIds: [pb1.id], variants: [{ name: 'Glass', price: 777_700 }] },
        tk,
      )
    ).body;
    await api.post(
      '/v1/catalog/service-charges',
      {
        name: 'Service 7%',
        ratePpm: 70_000,
        diningOptions: ['dine_in'],
        taxable: true,
        taxRateIds: [vat.id],
      },
      tk,
    );
    const loyalty = (
      await api.post(
        '/v1/catalog/discounts',
        { name: 'Loyalty 3%', kind: 'percentage', scope: 'order', value: 30_000 },
        tk,
      )
    ).body;
    const line = (item: { id: string; variants: { id: string }[] }, quantity: number) => ({
      itemId: item.id,
      variantId: item.variants[0]!.id,
      quantity,
    });
    const created = await api.post(
      '/v1/orders',
      {
        outletId: fx.outletId,
        diningOption: 'dine_in',
        lines: [line(rice, 3), line(tea, 2), line(tea, 1)],
        discounts: [{ discountId: loyalty.id }],
      },
      tk,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const removed = await api.post(
      `/v1/orders/${id}/lines/${created.body.lines[2].id}/void`,
      { reason: 'changed mind' },
      tk,
    );
    expect(removed.status).toBe(200);
    const stored = (await api.get(`/v1/orders/${id}`, tk)).body;
    expect(stored).toEqual(removed.body);
    expect(stored.serviceCharges[0].tax).toBeGreaterThan(0);
    expect(stored.discounts[0].amount).toBeGreaterThan(0);
    expect(stored.lines[2]).toMatchObject({ status: 'voided', gross: 0, discount: 0, tax: 0, total: 0 });
    // The events of a change to the order carry its lines (not their money).
    const events = (await api.get(`/v1/events?orderId=${id}&limit=100`, tk)).body.items;
    const removal = events.find((e: { payload: { change?: string } }) => e.payload.change === 'line_removed');
    expect(removal.payload.lines).toEqual(
      stored.lines.map((l: Record<string, unknown>) => ({
        id: l.id,
        itemId: l.itemId,
        variantId: l.variantId,
        name: l.name,
        variantName: l.variantName,
        quantity: l.quantity,
        status: l.status,
        sent: false,
        notes: null,
        course: null,
        seat: null,
      })),
    );

    // As an order priced before its charge and discount figures were stored (migration 0012): read
    // by pricing its snapshots — the same figures.
    await sql`update orders set charge_figures = null, discount_figures = null where id = ${id}`.execute(
      t.database.db,
    );
    await sql`update order_lines set service_charge_tax = null where order_id = ${id}`.execute(t.database.db);
    expect((await api.get(`/v1/orders/${id}`, tk)).body).toEqual(stored);
  });

  it('keeps the course and seat of a line: accepted on create and add lines, stored, in the DTO, events and OpenAPI', async () => {
    const api = client(t.app);
    const tk = fx.ownerToken;
    const soup = (
      await api.post(
        '/v1/catalog/items',
        { name: 'Soto', variants: [{ name: 'Bowl', price: 2_000_000 }] },
        tk,
      )
    ).body;
    const line = (extra: Record<string, unknown>) => ({
      itemId: soup.id,
      variantId: soup.variants[0].id,
      quantity: 1,
      ...extra,
    });
    const created = await api.post(
      '/v1/orders',
      {
        outletId: fx.outletId,
        diningOption: 'dine_in',
        tableRef: 'T2',
        lines: [line({ course: 1, seat: 2 }), line({})],
      },
      tk,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(
      created.body.lines.map((l: { course: number | null; seat: number | null }) => [l.course, l.seat]),
    ).toEqual([
      [1, 2],
      [null, null],
    ]);
    const added = await api.post(`/v1/orders/${id}/lines`, { lines: [line({ course: 2, seat: 1 })] }, tk);
    expect(added.status).toBe(200);
    const read = (await api.get(`/v1/orders/${id}`, tk)).body;
    expect(read).toEqual(added.body);
    expect(read.lines[2]).toMatchObject({ course: 2, seat: 1 });

    const events = (await api.get(`/v1/events?orderId=${id}&limit=100`, tk)).body.items;
    const createdEvent = events.find((e: { type: string }) => e.type === 'order.created');
    expect(createdEvent.payload.lines[0]).toMatchObject({ course: 1, seat: 2 });
    const addedEvent = events.find(
      (e: { payload: { change?: string } }) => e.payload.change === 'lines_added',
    );
    expect(addedEvent.payload.lines[2]).toMatchObject({ course: 2, seat: 1 });

    for (const bad of [{ course: 0 }, { seat: 0 }, { course: 1.5 }, { seat: 'A' }]) {
      const res = await api.post(`/v1/orders/${id}/lines`, { lines: [line(bad)] }, tk);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.code).toBe('request.invalid');
    }

    const doc = (await api.get('/openapi.json')).body;
    for (const schema of ['OrderLineInput', 'OrderLine']) {
      expect(Object.keys(doc.components.schemas[schema].properties)).toEqual(
        expect.arrayContaining(['course', 'seat']),
      );
    }
  });
});
