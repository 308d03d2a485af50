// The register's orders in a real browser against the real server: the one-request counter sale,
// saved orders (void a sent line with a manager's PIN, cancel), and splitting a bill.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  DEMO,
  launchBrowser,
  login,
  newRegister,
  pairWithCode,
  shot,
  signInByPin,
  startWebServer,
  type WebServer,
} from './support.ts';

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

/** A paired register with Ani signed in; every API request the page makes is recorded. */
async function openRegister(registerIndex = 0): Promise<{ page: Page; requests: string[] }> {
  const { page } = await newRegister(browser, server.url);
  const requests: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/v1/')) {
      requests.push(`${r.method()} ${url.pathname}`);
    }
  });
  await pairWithCode(page, server.url, kemang.registers[registerIndex]!.id);
  await page.getByRole('heading', { name: 'Who is selling?' }).waitFor();
  await signInByPin(page, 'Ani', DEMO.cashiers[0].pin);
  await page.getByLabel('Signed in: Ani (cashier)').waitFor();
  requests.length = 0; // from here on: the sale's requests only
  return { page, requests };
}

const cart = (page: Page) => page.getByRole('complementary', { name: 'Current sale' });
const latestOrder = async () =>
  (await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}`)).body.items[0];
const paymentsOf = async (orderId: string) =>
  (await api(server.url, owner, 'GET', `/v1/orders/${orderId}/payments`)).body.items;

async function approveAsManager(page: Page): Promise<void> {
  const approval = page.getByRole('dialog', { name: 'Manager approval' });
  await approval.getByRole('radio', { name: /Budi/ }).click();
  await approval.getByRole('textbox', { name: 'Manager PIN' }).fill(DEMO.manager.pin);
  await approval.getByRole('button', { name: 'Approve' }).click();
  await approval.waitFor({ state: 'hidden' });
}

/** Saves the cart as an open order; returns its number (from the confirmation). */
async function saveOrder(page: Page): Promise<number> {
  await cart(page).getByRole('button', { name: 'Save order' }).click();
  const toast = page.getByText(/^Order #\d+ saved$/).last();
  await toast.waitFor();
  return Number(/#(\d+)/.exec((await toast.textContent())!)![1]);
}

async function openFromOrders(page: Page, number: number): Promise<void> {
  await page.getByRole('button', { name: 'Orders', exact: true }).click();
  const list = page.getByRole('dialog', { name: 'Today’s orders' });
  await list.getByRole('searchbox', { name: 'Order number' }).fill(String(number));
  await list.getByRole('button', { name: new RegExp(`^#${number}\\b`) }).click();
}

// A story's time is not measured: on a loaded machine (2 cores shared with other jobs) a gateway's
// notification or a page load can take many seconds, so each story may take up to 90 s.
describe('register orders', { timeout: 90_000 }, () => {
  it('a counter cash sale is one request: POST /v1/sales; the order is completed and paid', async () => {
    const { page, requests } = await openRegister(0);
    await page.getByRole('button', { name: /^Nasi Goreng Spesial/ }).click();
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page
      .getByRole('dialog', { name: 'Payment' })
      .getByRole('button', { name: /^Exact cash/ })
      .click();
    await page.getByRole('dialog', { name: 'Payment complete' }).waitFor();
    const mutations = requests.filter((r) => !r.startsWith('GET') && !r.includes('/auth/'));
    expect(mutations).toEqual(['POST /v1/sales']);
    const order = await latestOrder();
    expect([order.status, order.paymentStatus]).toEqual(['completed', 'paid']);
    const payments = await paymentsOf(order.id);
    expect(payments.map((p: any) => [p.method, p.status])).toEqual([['cash', 'completed']]);
    await page.context().close();
  });

  it('a saved order: table, customer and guests; sent to the kitchen; a sent line voided with a manager PIN', async () => {
    const { page } = await openRegister(0);
    await page.getByRole('button', { name: /^Nasi Goreng Spesial/ }).click();
    await page.getByRole('button', { name: /^Sate Ayam/ }).click();
    await cart(page).getByRole('radio', { name: 'Dine in' }).click();
    await cart(page).getByRole('textbox', { name: 'Customer name' }).fill('Rina');
    await cart(page).getByRole('textbox', { name: 'Table' }).fill('A5');
    await cart(page).getByRole('textbox', { name: 'Guests' }).fill('2');
    const number = await saveOrder(page);
    await cart(page).getByText('Tap an item to start a sale').waitFor();

    await openFromOrders(page, number);
    await page.getByRole('button', { name: 'Continue this order' }).click();
    await cart(page)
      .getByRole('heading', { name: `Order #${number}` })
      .waitFor();
    expect(await cart(page).getByRole('textbox', { name: 'Table' }).inputValue()).toBe('A5');
    // A line added to the saved order goes to the server at once.
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    await cart(page)
      .getByRole('button', { name: /Mie Ayam/ })
      .waitFor();
    await cart(page).getByRole('button', { name: 'Send to kitchen' }).click();
    await cart(page).getByText('Sent').first().waitFor();
    await shot(page, '20-saved-order-sent');

    await cart(page)
      .getByRole('button', { name: /Sate Ayam/ })
      .click();
    const line = page.getByRole('dialog', { name: 'Sate Ayam' });
    await line.getByRole('radio', { name: 'Wrong item' }).click();
    await shot(page, '21-void-line');
    await line.getByRole('button', { name: 'Void line' }).click();
    await page.getByRole('dialog', { name: 'Manager approval' }).waitFor();
    await shot(page, '22-void-approval');
    await approveAsManager(page);
    await line.waitFor({ state: 'hidden' });
    await expect
      .poll(() =>
        cart(page)
          .getByRole('button', { name: /Sate Ayam/ })
          .count(),
      )
      .toBe(0);

    const order = await latestOrder();
    const full = (await api(server.url, owner, 'GET', `/v1/orders/${order.id}`)).body;
    expect([full.number, full.status, full.tableRef, full.customerName, full.guestCount]).toEqual([
      number,
      'sent',
      'A5',
      'Rina',
      2,
    ]);
    const sate = full.lines.find((l: any) => l.name.startsWith('Sate Ayam'));
    expect([sate.status, sate.voidReason]).toEqual(['voided', 'Wrong item']);
    expect(full.lines.filter((l: any) => l.status === 'active')).toHaveLength(2);
    await page.context().close();
  });

  it('cancel an open order from the orders screen with a manager PIN', async () => {
    const { page } = await openRegister(1);
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    const number = await saveOrder(page);
    await openFromOrders(page, number);
    const list = page.getByRole('dialog', { name: 'Today’s orders' });
    await shot(page, '23-order-detail');
    await list.getByRole('button', { name: 'Cancel order' }).click();
    await approveAsManager(page);
    await list.getByText('Canceled').first().waitFor();
    const order = (await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}&number=${number}`))
      .body.items[0];
    expect(order.status).toBe('canceled');
    await page.context().close();
  });

  it('refund an amount of a completed sale with a manager PIN', async () => {
    const { page } = await openRegister(1);
    await page.getByRole('button', { name: /^Nasi Goreng Spesial/ }).click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page
      .getByRole('dialog', { name: 'Payment' })
      .getByRole('button', { name: /^Exact cash/ })
      .click();
    await page.getByRole('button', { name: 'New sale' }).click();
    const sold = await latestOrder();
    await openFromOrders(page, sold.number);
    const list = page.getByRole('dialog', { name: 'Today’s orders' });
    await list.getByRole('textbox', { name: 'Amount to refund' }).fill('5000');
    await list.getByRole('button', { name: 'Refund an amount' }).click();
    await approveAsManager(page);
    await page.getByText('Refunded Rp 5.000').first().waitFor();
    await shot(page, '26-refund-amount');
    const [payment] = await paymentsOf(sold.id);
    expect(payment.refundedAmount).toBe(500_000);
    const refunds = (await api(server.url, owner, 'GET', `/v1/payments/${payment.id}/refunds`)).body.items;
    expect(refunds.map((r: any) => [r.amount, r.lines.length])).toEqual([[500_000, 0]]);
    await page.context().close();
  });

  it('split a bill evenly: two parts, cash then card with a 10% tip, the order completed', async () => {
    const { page } = await openRegister(0);
    await page.getByRole('button', { name: /^Nasi Goreng Spesial/ }).click();
    await page.getByRole('button', { name: /^Sate Ayam/ }).click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('button', { name: 'Split bill' }).click();
    const split = page.getByRole('dialog', { name: 'Split the bill' });
    await split.getByRole('button', { name: 'Split into 2' }).click();
    await split.waitFor({ state: 'hidden' });
    await pay.getByText('Next part (2 left)').waitFor();
    await shot(page, '24-split-evenly');
    await pay.getByRole('button', { name: /^Exact cash/ }).click();
    await pay.getByText('Last part').waitFor();
    await pay.getByRole('radio', { name: 'Card' }).click();
    await pay.getByRole('textbox', { name: 'Last 4 digits' }).fill('1111');
    await pay.getByRole('group', { name: 'Quick tip' }).getByRole('button', { name: '10%' }).click();
    await pay.getByRole('button', { name: /^Record card payment/ }).click();
    await page.getByRole('dialog', { name: 'Payment complete' }).waitFor();
    const order = await latestOrder();
    const payments = await paymentsOf(order.id);
    expect(order.status).toBe('completed');
    expect(payments.map((p: any) => p.method)).toEqual(['cash', 'card']);
    expect(payments[0].amount + payments[1].amount).toBe(order.total);
    expect(Math.abs(payments[0].amount - payments[1].amount)).toBeLessThanOrEqual(100);
    // The 10 % tip on the card part: exact percent, then whole rupiah; on top of the bill.
    expect(payments[1].tipAmount).toBe(Math.round(payments[1].amount / 10 / 100) * 100);
    expect(payments[0].tipAmount).toBe(0);
    await page.context().close();
  });

  it('split a bill by items: the chosen items paid first, then the rest', async () => {
    const { page } = await openRegister(1);
    await page.getByRole('button', { name: /^Nasi Goreng Spesial/ }).click();
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    await page.getByRole('button', { name: /^Sate Ayam/ }).click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('button', { name: 'Split bill' }).click();
    const split = page.getByRole('dialog', { name: 'Split the bill' });
    await split.getByRole('radio', { name: 'By items' }).click();
    await split.getByRole('checkbox', { name: 'Pay now: Mie Ayam' }).check();
    await shot(page, '25-split-items');
    await split.getByRole('button', { name: 'Pay the 1 chosen items now' }).click();
    await split.waitFor({ state: 'hidden' });
    await pay.getByRole('button', { name: /^Exact cash/ }).click();
    const done = page.getByRole('dialog', { name: 'Payment complete' });
    await done.getByRole('button', { name: 'Pay the rest of the bill' }).click();
    await page
      .getByRole('dialog', { name: 'Payment' })
      .getByRole('button', { name: /^Exact cash/ })
      .click();
    await done.getByRole('button', { name: 'New sale' }).click();

    const orders = (await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}&limit=2`)).body
      .items;
    const full = await Promise.all(
      orders.map(async (o: any) => (await api(server.url, owner, 'GET', `/v1/orders/${o.id}`)).body),
    );
    expect(full.map((o: any) => o.status)).toEqual(['completed', 'completed']);
    const names = full.map((o: any) => o.lines.map((l: any) => l.name).sort());
    expect(names).toContainEqual(['Mie Ayam']);
    expect(names.flat()).toHaveLength(3);
    await page.context().close();
  });
});
