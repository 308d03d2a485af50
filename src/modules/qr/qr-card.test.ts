import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids/ids.ts';
import type { Simulators } from '../../simulators/index.ts';
import { pollUntil } from '../../../test/support/poll.ts';
import { line, startQrPayApp, type MenuItem, type QrPayApp } from '../../../test/support/qr-pay-app.ts';
import { client, createTenant, type TenantFixture, type TestApp } from '../../../test/support/test-app.ts';

// Card from the phone: the server creates a Stripe PaymentIntent (server-priced), the phone confirms
// it against the Stripe simulator with the publishable key and client secret as Stripe.js does, and
// the signed webhook settles it. A business without a Stripe account is not offered cards.
let t: TestApp;
let sims: Simulators;
let fx: TenantFixture;
let bare: TenantFixture;
let soup: MenuItem;
let tea: MenuItem;
let app: QrPayApp;
const api = () => client(t.app);

beforeAll(async () => {
  app = await startQrPayApp({ gateway: 'stripe', business: 'Warung Kartu', pollAfterMs: 60_000 });
  ({ t, sims, fx, soup, tea } = app);
  bare = await createTenant(t.app, 'Warung Tunai');
});
afterAll(async () => {
  await app.close();
});

async function seatedOrder(f: TenantFixture, lines: unknown[]): Promise<string> {
  const tk = f.ownerToken;
  const floorId = (await api().post('/v1/floors', { outletId: f.outletId, name: `F${newId()}` }, tk)).body.id;
  const table = (
    await api().post('/v1/tables', { floorId, name: `K${Math.floor(Math.random() * 1e6)}`, seats: 4 }, tk)
  ).body;
  const code = (await api().post(`/v1/tables/${table.id}/code`, {}, tk)).body.token;
  const placed = await api().post(`/v1/qr/tables/${code}/orders`, { id: newId(), lines });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  expect((await api().post(`/v1/qr/orders/${placed.body.order.id}/accept`, {}, tk)).status).toBe(200);
  return placed.body.customerToken as string;
}

/** What Stripe.js sends to confirm a PaymentIntent with a typed card. */
async function confirmOnPhone(
  card: { clientSecret: string; publishableKey: string; apiBase: string },
  number: string,
) {
  const pi = card.clientSecret.split('_secret_')[0]!;
  const form = new URLSearchParams({
    key: card.publishableKey,
    client_secret: card.clientSecret,
    'payment_method_data[type]': 'card',
    'payment_method_data[card][number]': number,
    'payment_method_data[card][exp_month]': '12',
    'payment_method_data[card][exp_year]': String(new Date().getUTCFullYear() + 2),
    'payment_method_data[card][cvc]': '123',
  });
  const res = await fetch(`${card.apiBase}/v1/payment_intents/${pi}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, any>,
    cors: res.headers.get('access-control-allow-origin'),
  };
}

describe('card from the phone (Stripe)', () => {
  it('a declined card fails the payment; a good card settles it by the webhook and completes the order', async () => {
    const mine = await seatedOrder(fx, [line(soup), line(tea)]);
    const tracked = (await api().get(`/v1/qr/track/${mine}`)).body;
    expect(tracked.payMethods).toEqual(['card', 'counter']);

    const first = await api().post(`/v1/qr/track/${mine}/payments`, { id: newId(), method: 'card' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ method: 'card', status: 'pending', amount: 4_000_000, qrSvg: null });
    expect(first.body.card.publishableKey).toMatch(/^pk_test_/);
    expect(first.body.card.apiBase).toBe(sims.stripe.url);

    // A wrong client secret reads nothing; the publishable key cannot create or refund.
    const forged = await confirmOnPhone(
      { ...first.body.card, clientSecret: `${first.body.card.clientSecret}x` },
      '4242424242424242',
    );
    expect(forged.status).toBe(404);
    const refund = await fetch(`${sims.stripe.url}/v1/refunds`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: first.body.card.publishableKey, payment_intent: 'pi_x' }).toString(),
    });
    expect(refund.status).toBe(401);

    const declined = await confirmOnPhone(first.body.card, '4000 0000 0000 0002');
    expect(declined).toMatchObject({ status: 402, cors: '*' });
    expect(declined.body.error).toMatchObject({ type: 'card_error', decline_code: 'generic_decline' });
    const failed = await pollUntil(
      async () => (await api().get(`/v1/payments/${first.body.paymentId}`, fx.ownerToken)).body,
      (p) => p.status === 'failed',
    );
    expect(failed.status).toBe('failed');

    // Another try, another payment id; a test Visa goes through.
    const second = await api().post(`/v1/qr/track/${mine}/payments`, { id: newId(), method: 'card' });
    expect(second.status).toBe(200);
    const ok = await confirmOnPhone(second.body.card, '4242424242424242');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('succeeded');
    const after = await pollUntil(
      async () => (await api().get(`/v1/qr/track/${mine}`)).body,
      (x) => x.bill.status === 'completed',
    );
    expect(after.bill).toMatchObject({ paid: 4_000_000, balance: 0, status: 'completed' });
    const payment = (await api().get(`/v1/payments/${second.body.paymentId}`, fx.ownerToken)).body;
    expect(payment).toMatchObject({ status: 'completed', gateway: 'stripe' });
  });

  it('pays only my items by card, server-priced', async () => {
    const mine = await seatedOrder(fx, [line(soup), line(tea)]);
    const me = (await api().get(`/v1/qr/track/${mine}`)).body;
    const pay = await api().post(`/v1/qr/track/${mine}/payments`, {
      id: newId(),
      method: 'card',
      lineIds: [me.lineIds[1]],
    });
    expect(pay.status, JSON.stringify(pay.body)).toBe(200);
    expect(pay.body.amount).toBe(1_000_000);
    expect((await confirmOnPhone(pay.body.card, '5555555555554444')).status).toBe(200);
    const after = await pollUntil(
      async () => (await api().get(`/v1/qr/track/${mine}`)).body,
      (x) => x.bill.paid === 1_000_000,
    );
    expect(after.bill).toMatchObject({ balance: 3_000_000, status: 'sent' });
  });

  it('a business without a Stripe account is not offered cards (409 if asked)', async () => {
    const item = (
      await api().post(
        '/v1/catalog/items',
        { name: 'Kopi', variants: [{ name: 'R', price: 500_000 }] },
        bare.ownerToken,
      )
    ).body;
    const token = await seatedOrder(bare, [line(item)]);
    expect((await api().get(`/v1/qr/track/${token}`)).body.payMethods).toEqual(['counter']);
    const res = await api().post(`/v1/qr/track/${token}/payments`, { id: newId(), method: 'card' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('payments.gateway_not_configured');
  });

  it('a line a payment covers cannot be paid again (409) until that payment fails', async () => {
    const mine = await seatedOrder(fx, [line(soup), line(tea)]);
    const me = (await api().get(`/v1/qr/track/${mine}`)).body;
    expect(me.paidLineIds).toEqual([]);
    const soupLine = me.lineIds[0];
    const first = await api().post(`/v1/qr/track/${mine}/payments`, {
      id: newId(),
      method: 'card',
      lineIds: [soupLine],
    });
    expect(first.status).toBe(200);
    expect((await api().get(`/v1/qr/track/${mine}`)).body.paidLineIds).toEqual([soupLine]);
    const again = await api().post(`/v1/qr/track/${mine}/payments`, {
      id: newId(),
      method: 'card',
      lineIds: [soupLine, me.lineIds[1]],
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'qr_orders.line_already_paid' });
    // The card is declined: the payment fails and the line is free again.
    expect((await confirmOnPhone(first.body.card, '4000000000009995')).status).toBe(402);
    await pollUntil(
      async () => (await api().get(`/v1/qr/track/${mine}`)).body,
      (x) => x.paidLineIds.length === 0,
    );
    const retry = await api().post(`/v1/qr/track/${mine}/payments`, {
      id: newId(),
      method: 'card',
      lineIds: [soupLine],
    });
    expect(retry.status).toBe(200);
  });
});
