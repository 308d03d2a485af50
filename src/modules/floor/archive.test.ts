// Taking floors and kitchen stations out of use: a floor goes with its tables (only when none has
// an open order), a station only when it is not the default and has nothing left to cook; its
// routing rules go with it, so its lines fall to the default station.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let soup: { id: string; categoryId: string | null; variants: { id: string }[] };
const api = () => client(t.app);

beforeAll(async () => {
  t = await createTestApp();
  fx = await createTenant(t.app, 'Warung Archive');
  other = await createTenant(t.app, 'Other Archive');
  waiter = await addStaff(t.app, fx, 'waiter');
  kitchen = await addStaff(t.app, fx, 'kitchen');
  soup = (
    await api().post(
      '/v1/catalog/items',
      { name: 'Soto', variants: [{ name: 'R', price: 3_000_000 }] },
      fx.ownerToken,
    )
  ).body;
});
afterAll(async () => {
  await t.close();
});

const plan = async () => (await api().get(`/v1/outlets/${fx.outletId}/floor-plan`, fx.ownerToken)).body;
const station = async (key: string, isDefault = false) => {
  const res = await api().post(
    '/v1/kitchen/stations',
    { outletId: fx.outletId, key, name: key, isDefault },
    fx.ownerToken,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
};

describe('archiving floors', () => {
  it('takes a free floor off the plan with its tables; refuses while a table has an open order', async () => {
    const tk = fx.ownerToken;
    const floor = (await api().post('/v1/floors', { outletId: fx.outletId, name: 'Teras' }, tk)).body;
    const a = (await api().post('/v1/tables', { floorId: floor.id, name: 'T1', seats: 2 }, tk)).body;
    const b = (await api().post('/v1/tables', { floorId: floor.id, name: 'T2', seats: 2 }, tk)).body;
    const opened = await api().post(`/v1/tables/${a.id}/open`, { guestCount: 2 }, waiter.token);
    expect(opened.status).toBe(200);

    const refused = await api().patch(`/v1/floors/${floor.id}`, { archived: true }, tk);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'floors.conflict', tableIds: [a.id] });
    expect((await plan()).floors.map((f: any) => f.id)).toContain(floor.id);

    // The guests leave: the order is canceled; now the floor and both tables go.
    const order = opened.body.order;
    const canceled = await api().post(
      `/v1/orders/${order.id}/cancel`,
      { version: order.version, reason: 'left' },
      tk,
    );
    expect(canceled.status, JSON.stringify(canceled.body)).toBe(200);
    const archived = await api().patch(`/v1/floors/${floor.id}`, { archived: true }, tk);
    expect(archived.status, JSON.stringify(archived.body)).toBe(200);
    const after = await plan();
    expect(after.floors.map((f: any) => f.id)).not.toContain(floor.id);
    expect(after.floors.flatMap((f: any) => f.tables).map((x: any) => x.id)).not.toContain(b.id);

    // Its tables' names are free again; nothing is added to (or moved onto) an archived floor.
    const home = (await api().post('/v1/floors', { outletId: fx.outletId, name: 'Dalam' }, tk)).body;
    expect((await api().post('/v1/tables', { floorId: home.id, name: 'T1', seats: 4 }, tk)).status).toBe(201);
    const onto = await api().post('/v1/tables', { floorId: floor.id, name: 'T9', seats: 2 }, tk);
    expect(onto.status).toBe(422);
    expect(onto.body.code).toBe('floors.archived');
    expect((await api().patch(`/v1/floors/${floor.id}`, { name: 'X' }, tk)).body.code).toBe(
      'floors.archived',
    );
    expect((await api().patch(`/v1/tables/${b.id}`, { archived: false }, tk)).body.code).toBe(
      'floors.archived',
    );

    // Restored, it comes back empty.
    const restored = await api().patch(`/v1/floors/${floor.id}`, { archived: false }, tk);
    expect(restored.status).toBe(200);
    const back = (await plan()).floors.find((f: any) => f.id === floor.id);
    expect(back.tables).toEqual([]);
  });

  it('is the owner’s or manager’s, and the tenant’s own', async () => {
    const floor = (await api().post('/v1/floors', { outletId: fx.outletId, name: 'Atas' }, fx.ownerToken))
      .body;
    expect((await api().patch(`/v1/floors/${floor.id}`, { archived: true }, waiter.token)).status).toBe(403);
    expect((await api().patch(`/v1/floors/${floor.id}`, { archived: true }, other.ownerToken)).status).toBe(
      404,
    );
    expect((await api().patch(`/v1/floors/${floor.id}`, { archived: 'yes' }, fx.ownerToken)).status).toBe(
      400,
    );
  });
});

describe('archiving kitchen stations', () => {
  it('refuses the default station and one with tickets to cook; drops its routing rules', async () => {
    const tk = fx.ownerToken;
    const dapur = await station('arc-dapur', true);
    const bar = await station('arc-bar');
    const route = await api().post('/v1/kitchen/routes', { stationId: bar.id, itemId: soup.id }, tk);
    expect(route.status, JSON.stringify(route.body)).toBe(201);

    // A ticket at the bar, still to cook.
    const order = await api().post(
      '/v1/orders',
      {
        outletId: fx.outletId,
        diningOption: 'dine_in',
        lines: [{ itemId: soup.id, variantId: soup.variants[0]!.id, quantity: 1 }],
      },
      waiter.token,
    );
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect((await api().post(`/v1/orders/${order.body.id}/send`, {}, waiter.token)).status).toBe(200);

    const def = await api().patch(`/v1/kitchen/stations/${dapur.id}`, { archived: true }, tk);
    expect(def.status).toBe(409);
    expect(def.body.code).toBe('kitchen_stations.conflict');
    const busy = await api().patch(`/v1/kitchen/stations/${bar.id}`, { archived: true }, tk);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('kitchen_stations.conflict');

    // The cook bumps the ticket; now the bar goes, and with it the soup's rule.
    const tickets = (await api().get(`/v1/kitchen/tickets?stationId=${bar.id}&state=all`, kitchen.token)).body
      .items;
    expect(tickets).toHaveLength(1);
    expect((await api().post(`/v1/kitchen/tickets/${tickets[0].id}/bump`, {}, kitchen.token)).status).toBe(
      200,
    );
    const gone = await api().patch(`/v1/kitchen/stations/${bar.id}`, { archived: true }, tk);
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    expect(gone.body.archived).toBe(true);
    const listed = (await api().get(`/v1/kitchen/stations?outletId=${fx.outletId}`, tk)).body.items;
    expect(listed.map((s: any) => s.id)).toEqual([dapur.id]);
    const routes = (await api().get(`/v1/kitchen/routes?outletId=${fx.outletId}`, tk)).body.items;
    expect(routes.map((r: any) => r.stationId)).not.toContain(bar.id);
    const reroute = await api().post('/v1/kitchen/routes', { stationId: bar.id, itemId: soup.id }, tk);
    expect(reroute.body.code).toBe('kitchen_stations.archived');

    // The soup now goes to the default station.
    const next = await api().post(
      '/v1/orders',
      {
        outletId: fx.outletId,
        diningOption: 'dine_in',
        lines: [{ itemId: soup.id, variantId: soup.variants[0]!.id, quantity: 1 }],
      },
      waiter.token,
    );
    expect((await api().post(`/v1/orders/${next.body.id}/send`, {}, waiter.token)).status).toBe(200);
    const atDapur = (await api().get(`/v1/kitchen/tickets?orderId=${next.body.id}&state=all`, kitchen.token))
      .body.items;
    expect(atDapur.map((x: any) => x.stationId)).toEqual([dapur.id]);

    // Restored, it is listed again (without its old rules).
    expect((await api().patch(`/v1/kitchen/stations/${bar.id}`, { archived: false }, tk)).body.archived).toBe(
      false,
    );
    expect(
      (await api().get(`/v1/kitchen/stations?outletId=${fx.outletId}`, tk)).body.items.map((s: any) => s.id),
    ).toContain(bar.id);
    expect(
      (await api().patch(`/v1/kitchen/stations/${bar.id}`, { archived: true }, other.ownerToken)).status,
    ).toBe(404);
  });
});
