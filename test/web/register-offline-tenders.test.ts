// Offline tenders and refunds (issue 12): with the network cut the register takes a split tender
// (an external-card part, then cash for the rest with change) as ONE queued sale with several
// tenders, and uploads it exactly once; a replayed upload changes nothing. Refunds of offline sales
// (synced or still queued) are queued with their sale (a manager signed in: a PIN cannot be checked
// offline) and recorded once; a refund of an online order waits for the connection.
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSynced, openRegister, outletApi, sellExactCash, statusButton } from './offline-support.ts';
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
    // A reload (or a crash) after the card part: the payment opens again with the part, so a card
    // already charged on the terminal is not forgotten.
    await page.reload();
    await parts
      .getByText(`Visa •••• 4242 (OFF123) (external terminal) · ${rupiah(2_000_000)}`)
      .waitFor({ timeout: 30_000 });
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
  it('refunds offline of offline sales (one synced, one still queued) → recorded once after a replayed upload; an online order cannot be refunded offline', async () => {
    const { context, page } = await openRegister(browser, server.url, kemang.registers[1]!.id, {
      name: 'Budi',
      pin: DEMO.manager.pin,
    });
    // An online order, then the network goes: its refund needs the connection.
    const onlineReceipt = await sellExactCash(page, /^Sate Ayam/);
    await page.getByRole('button', { name: 'Orders', exact: true }).click();
    const list = page.getByRole('dialog', { name: 'Today’s orders' });
    // That sale's row (Rp 33.000; the list may not have it on its first paint), opened while online.
    await list
      .getByRole('button', { name: /^#\d+.*Rp 33\.000/ })
      .first()
      .click();
    await list.getByText(`Receipt No. ${onlineReceipt}`).waitFor();
    await context.setOffline(true);
    await list.getByText('This order is on the server: refunding it needs the connection.').waitFor();
    expect(await list.getByRole('button', { name: 'Refund selected lines' }).count()).toBe(0);
    await shot(page, 'offline-tenders-03-online-refund-refused');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });

    const before = new Set((await outlet().orders()).map((o) => o.id));
    // Sale A offline, synced; then offline again: sale B, and a refund of each.
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    const a = await sellExactCash(page, /^Nasi Goreng/);
    await context.setOffline(false);
    await allSynced(page);
    await context.setOffline(true);
    await statusButton(page, 'Offline').waitFor();
    const b = await sellExactCash(page, /^Mie Ayam/);

    await statusButton(page, 'Offline — 1 sale waiting to sync').click();
    const panel = page.getByRole('dialog', { name: 'Offline sales and sync' });
    await panel.getByRole('button', { name: `Refund offline sale, receipt No. ${a}` }).click();
    const refundA = page.getByRole('dialog', { name: `Refund offline sale, receipt No. ${a}` });
    await refundA.getByRole('checkbox', { name: /^Refund Nasi Goreng/ }).check();
    await shot(page, 'offline-tenders-04-refund-lines');
    await refundA.getByRole('button', { name: 'Refund selected lines' }).click();
    await refundA.waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: `Refund offline sale, receipt No. ${b}` }).click();
    const refundB = page.getByRole('dialog', { name: `Refund offline sale, receipt No. ${b}` });
    await refundB.getByRole('textbox', { name: 'Amount to refund' }).fill('5000');
    await refundB.getByRole('button', { name: 'Refund an amount' }).click();
    await refundB.waitFor({ state: 'detached' });
    await panel.getByText(`Refunded ${rupiah(500_000)}`).waitFor();
    await shot(page, 'offline-tenders-05-refunds-queued');
    await panel.getByRole('button', { name: 'Close' }).last().click();
    await panel.waitFor({ state: 'detached' });
    // The synced sale is back in the queue with its refund.
    await statusButton(page, 'Offline — 2 sales waiting to sync').waitFor();

    const upload = page.waitForRequest((r) => r.url().endsWith('/v1/sync/sales') && r.method() === 'POST');
    await context.setOffline(false);
    const sent = await upload;
    await allSynced(page);
    const answer = (await (await sent.response())!.json()) as {
      results: { status: string; receiptNumber: number; refunds: { status: string }[] }[];
    };
    const byNumber = new Map(answer.results.map((r) => [r.receiptNumber, r]));
    expect(byNumber.get(a)).toMatchObject({ status: 'duplicate', refunds: [{ status: 'accepted' }] });
    expect(byNumber.get(b)).toMatchObject({ status: 'accepted', refunds: [{ status: 'accepted' }] });

    const orders = await outlet().ordersSince(before);
    const orderA = orders.find((o) => o.receiptNumber === a)!;
    const orderB = orders.find((o) => o.receiptNumber === b)!;
    const refundedOf = async (id: string) =>
      (await paymentsOf(id)).reduce((s, p) => s + (p.refundedAmount ?? 0), 0);
    const refundedA = await refundedOf(orderA.id);
    expect(refundedA).toBeGreaterThan(0);
    expect(await refundedOf(orderB.id)).toBe(500_000);

    // A lost acknowledgement: the same upload again records no refund twice.
    const again = await replay(sent);
    expect(again.map((r) => [r.status, r.refunds.map((f) => f.status)])).toEqual(
      again.map(() => ['duplicate', ['duplicate']]),
    );
    expect(await refundedOf(orderA.id)).toBe(refundedA);
    expect(await refundedOf(orderB.id)).toBe(500_000);
    // One payment.refunded event per refund: two, however often the upload was sent.
    const refundEvents = (await outlet().events()).filter(
      (e) => e.type === 'payment.refunded' && (e.orderId === orderA.id || e.orderId === orderB.id),
    );
    expect(refundEvents).toHaveLength(2);
    await outlet().ledgerOk();
    await context.close();
  });
});
