// Offline tenders and refunds (issue 12): with the network cut the register takes a split tender
// (an external-card part, then cash for the rest with change) as ONE queued sale with several
// tenders, and uploads it exactly once; a replayed upload changes nothing.
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSynced, openRegister, outletApi, statusButton } from './offline-support.ts';
import { api, DEMO, launchBrowser, login, rupiah, shot, startWebServer, type WebServer } from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let kemang: { id: string; registers: { id: string; name: string }[] };

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, 'owner@warung.demo');
  kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const outlet = () =>
  outletApi(
    () => server.url,
    () => owner,
    kemang.id,
  );

interface PaymentRow {
  id: string;
  method: string;
  amount: number;
  status: string;
  refundedAmount?: number;
  card?: { brand: string; last4: string };
}
const paymentsOf = async (orderId: string): Promise<PaymentRow[]> =>
  (await api(server.url, owner, 'GET', `/v1/orders/${orderId}/payments`)).body.items;

/** The same upload sent again, as the device (a lost acknowledgement); returns each sale's status. */
async function replay(sent: Request): Promise<{ status: string; refunds: { status: string }[] }[]> {
  const res = await fetch(`${server.url}/v1/sync/sales`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: (await sent.allHeaders()).authorization! },
    body: sent.postData()!,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { status: string; refunds: { status: string }[] }[] }).results;
}

describe('register offline: split tender and refunds', { timeout: 240_000 }, () => {
  it('offline split tender (external card part + cash with change) → one sale, two payments, synced once', async () => {
    const { context, page } = await openRegister(browser, server.url, kemang.registers[0]!.id, {
      name: 'Budi',
      pin: DEMO.manager.pin,
    });
    const before = new Set((await outlet().orders()).map((o) => o.id));

    await context.setOffline(true);
    await statusButton(page, 'Offline').waitFor();
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    await page.getByRole('button', { name: /^Nasi Goreng/ }).click();
    await page.getByRole('button', { name: /^Pay Rp/ }).click();
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('radio', { name: 'Card' }).click();
    await pay.getByRole('textbox', { name: 'Amount to pay' }).fill('20000');
    await pay.getByRole('textbox', { name: 'Last 4 digits' }).fill('4242');
    await pay.getByRole('textbox', { name: 'Approval code' }).fill('OFF123');
    await pay.getByRole('button', { name: /^Record card payment/ }).click();
    const parts = pay.getByRole('list', { name: 'Card parts taken' });
    await parts.getByText(`Visa •••• 4242 (OFF123) (external terminal) · ${rupiah(2_000_000)}`).waitFor();
    await pay.getByRole('radio', { name: 'Cash' }).click();
    await shot(page, 'offline-tenders-01-split');
    // The next round note above what is left: change is given on the cash part.
    await pay.getByRole('group', { name: 'Cash received' }).getByRole('button').nth(1).click();
    const receipt = page.getByRole('dialog', { name: 'Payment complete' });
    const tenders = receipt.getByRole('list', { name: 'Payments' });
    await tenders.getByText('Visa •••• 4242 (OFF123) (external terminal)').waitFor();
    await tenders.getByText(/^Cash/).waitFor();
    await receipt.getByTestId('change').waitFor();
    await shot(page, 'offline-tenders-02-receipt');
    const number = Number(/(\d+)/.exec((await receipt.getByTestId('receipt-number').textContent())!)![1]);
    await receipt.getByRole('button', { name: 'New sale' }).click();
    await statusButton(page, 'Offline — 1 sale waiting to sync').waitFor();

    const upload = page.waitForRequest((r) => r.url().endsWith('/v1/sync/sales') && r.method() === 'POST');
    await context.setOffline(false);
    const sent = await upload;
    await allSynced(page);
    const body = sent.postDataJSON() as { sales: { payments: { method: string }[] }[] };
    expect(body.sales).toHaveLength(1);
    expect(body.sales[0]!.payments.map((p) => p.method)).toEqual(['card', 'cash']);

    const [order, ...more] = await outlet().ordersSince(before);
    expect(more).toHaveLength(0);
    expect(order!.status).toBe('completed');
    expect(order!.receiptNumber).toBe(number);
    const payments = await paymentsOf(order!.id);
    expect(payments.map((p) => [p.method, p.amount, p.status])).toEqual([
      ['card', 2_000_000, 'completed'],
      ['cash', order!.total - 2_000_000, 'completed'],
    ]);
    expect(payments[0]!.card).toMatchObject({ brand: 'Visa', last4: '4242' });

    // A lost acknowledgement: the same upload again changes nothing.
    expect((await replay(sent)).map((r) => r.status)).toEqual(['duplicate']);
    expect(await paymentsOf(order!.id)).toHaveLength(2);
    expect((await outlet().ordersSince(before)).length).toBe(1);
    await outlet().ledgerOk();
    await context.close();
  });
});
