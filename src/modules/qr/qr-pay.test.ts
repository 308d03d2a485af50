import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids/ids.ts';
import type { Simulators } from '../../simulators/index.ts';
import { pollUntil } from '../../../test/support/poll.ts';
import { line, startQrPayApp, type MenuItem, type QrPayApp } from '../../../test/support/qr-pay-app.ts';
import { client, type TenantFixture, type TestApp } from '../../../test/support/test-app.ts';

// "Pay for my items": a customer pays just their own lines by QRIS (Midtrans simulator); the rest
// stays on the table's bill.
let t: TestApp;
let sims: Simulators;
let fx: TenantFixture;
let soup: MenuItem;
let tea: MenuItem;
let app: QrPayApp;
const api = () => client(t.app);

beforeAll(async () => {
  app = await startQrPayApp({ gateway: 'midtrans', business: 'Warung Bayar', pollAfterMs: 0 });
  ({ t, sims, fx, soup, tea } = app);
});
afterAll(async () => {
  await app.close();
});

describe('pay for my items', () => {
  it('pays only the chosen own lines by QRIS; the rest stays on the bill', async () => {
    const tk = fx.ownerToken;
    const floorId = (await api().post('/v1/floors', { outletId: fx.outletId, name: 'Teras' }, tk)).body.id;
    const table = (await api().post('/v1/tables', { floorId, name: 'P1', seats: 4 }, tk)).body;
    const code = (await api().post(`/v1/tables/${table.id}/code`, {}, tk)).body.token;
    const placeAndAccept = async (lines: unknown[]) => {
      const placed = (await api().post(`/v1/qr/tables/${code}/orders`, { id: newId(), lines })).body;
      expect((await api().post(`/v1/qr/orders/${placed.order.id}/accept`, {}, tk)).status).toBe(200);
      return placed.customerToken as string;
    };
    const mine = await placeAndAccept([line(soup), line(tea)]);
    const theirs = await placeAndAccept([line(soup)]);
    const me = (await api().get(`/v1/qr/track/${mine}`)).body;
    const them = (await api().get(`/v1/qr/track/${theirs}`)).body;
    expect(me.lineIds).toHaveLength(2);
    expect(me.bill.balance).toBe(7_000_000);

    // Someone else's line, or an unknown one, is refused.
    for (const lineIds of [[them.lineIds[0]], [newId()]]) {
      const res = await api().post(`/v1/qr/track/${mine}/payments`, { id: newId(), method: 'qris', lineIds });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
    }

    const soupLine = me.lineIds[0];
    const pay = await api().post(`/v1/qr/track/${mine}/payments`, {
      id: newId(),
      method: 'qris',
      lineIds: [soupLine],
    });
    expect(pay.status, JSON.stringify(pay.body)).toBe(200);
    expect(pay.body).toMatchObject({ method: 'qris', status: 'pending', amount: 3_000_000 });
    expect(pay.body.qrSvg).toContain('<svg');
    const payment = (await api().get(`/v1/payments/${pay.body.paymentId}`, tk)).body;
    await sims.midtrans.pay(payment.gatewayRef);
    const after = await pollUntil(
      async () => (await api().get(`/v1/qr/track/${mine}`)).body,
      (x) => x.bill.paid === 3_000_000,
    );
    expect(after.bill).toMatchObject({ paid: 3_000_000, balance: 4_000_000, status: 'sent' });
  });

  it('offers the e-wallets of the Midtrans account: GoPay by its deeplink, settled by the notification', async () => {
    const tk = fx.ownerToken;
    const floorId = (await api().post('/v1/floors', { outletId: fx.outletId, name: 'Dalam' }, tk)).body.id;
    const table = (await api().post('/v1/tables', { floorId, name: 'G1', seats: 2 }, tk)).body;
    const code = (await api().post(`/v1/tables/${table.id}/code`, {}, tk)).body.token;
    const placed = (await api().post(`/v1/qr/tables/${code}/orders`, { id: newId(), lines: [line(tea)] }))
      .body;
    expect((await api().post(`/v1/qr/orders/${placed.order.id}/accept`, {}, tk)).status).toBe(200);
    const token = placed.customerToken as string;
    const tracked = (await api().get(`/v1/qr/track/${token}`)).body;
    expect(tracked).toMatchObject({
      payMethods: ['qris', 'gopay', 'shopeepay', 'counter'],
      cardTestMode: false,
    });
    const pay = await api().post(`/v1/qr/track/${token}/payments`, { id: newId(), method: 'gopay' });
    expect(pay.status, JSON.stringify(pay.body)).toBe(200);
    expect(pay.body).toMatchObject({
      method: 'gopay',
      status: 'pending',
      amount: 1_000_000,
      qrSvg: null,
      card: null,
    });
    expect(pay.body.actionUrl).toMatch(/^gojek:\/\//);
    const card = await api().post(`/v1/qr/track/${token}/payments`, { id: newId(), method: 'card' });
    expect(card.status).toBe(409);
    const payment = (await api().get(`/v1/payments/${pay.body.paymentId}`, tk)).body;
    expect(payment).toMatchObject({ gateway: 'midtrans', channel: 'gopay' });
    await sims.midtrans.pay(payment.gatewayRef);
    const after = await pollUntil(
      async () => (await api().get(`/v1/qr/track/${token}`)).body,
      (x) => x.bill.status === 'completed',
    );
    expect(after.bill).toMatchObject({ balance: 0, status: 'completed' });
  });
});
