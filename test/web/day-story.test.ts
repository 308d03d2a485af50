// The end-to-end story in the register, in a real browser against the real server: open the
// drawer with a counted float → 10 sales in cash, card and QRIS (paid on the gateway simulator's
// page) → a refund → a paid out → an X report → a blind close with a variance → the Z report, whose
// figures tie to the ledger and to the sales in the API.
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  DEMO,
  launchBrowser,
  login,
  newRegister,
  pairWithCode,
  rupiah,
  shot,
  signInByPin,
  startWebServer,
  type WebServer,
  payOnSimulator,
} from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, 'owner@warung.demo');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Tender = 'cash-exact' | 'cash-note' | 'card' | 'qris';

/** One sale at the register: tap the items, Bayar, the tender, then the receipt and a new sale. */
async function sell(page: Page, items: string[], tender: Tender): Promise<void> {
  for (const item of items) {
    await page.getByRole('button', { name: new RegExp(`^${item}`) }).click();
  }
  await page.getByRole('button', { name: /^Pay/ }).click();
  const pay = page.getByRole('dialog', { name: 'Payment' });
  if (tender === 'cash-exact') {
    await pay.getByRole('button', { name: /^Exact cash/ }).click();
  } else if (tender === 'cash-note') {
    await pay.getByRole('group', { name: 'Cash received' }).getByRole('button').nth(2).click();
  } else if (tender === 'card') {
    await pay.getByRole('radio', { name: 'Card' }).click();
    await pay.getByRole('textbox', { name: 'Last 4 digits' }).fill('4242');
    await pay.getByRole('button', { name: /^Record card payment/ }).click();
  } else {
    await pay.getByRole('radio', { name: 'QRIS' }).click();
    await pay.getByRole('button', { name: /Show QRIS/ }).click();
    await page.getByRole('img', { name: /^QRIS/ }).waitFor();
    // The customer pays on the gateway (simulator); its notification completes the order.
    await payOnSimulator(page.context(), server.sims.midtrans.url);
  }
  await page.getByRole('dialog', { name: 'Payment complete' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'New sale' }).click();
  await page.getByText('Tap an item to start a sale').waitFor();
}

/** Counts an amount in notes and coins, largest first, into the denomination rows. */
async function count(dialog: ReturnType<Page['getByRole']>, amount: number): Promise<void> {
  let rest = amount;
  for (const major of [100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100]) {
    const n = Math.floor(rest / (major * 100));
    if (n > 0) {
      await dialog.getByRole('spinbutton', { name: `${rupiah(major * 100)} count` }).fill(String(n));
      rest -= n * major * 100;
    }
  }
  expect(rest).toBe(0);
}

async function approveAsManager(page: Page): Promise<void> {
  const approval = page.getByRole('dialog', { name: 'Manager approval' });
  await approval.getByRole('radio', { name: /Budi/ }).click();
  await approval.getByRole('textbox', { name: 'Manager PIN' }).fill(DEMO.manager.pin);
  await approval.getByRole('button', { name: 'Approve' }).click();
  await approval.waitFor({ state: 'hidden' });
}

describe('a day at the register', { timeout: 300_000 }, () => {
  it('drawer open → 10 sales (cash, card, QRIS) → refund → paid out → X → close with a variance → Z ties out', async () => {
    const kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
    const register = kemang.registers[0]!;
    const { page } = await newRegister(browser, server.url);
    await pairWithCode(page, server.url, register.id);
    await signInByPin(page, 'Ani', DEMO.cashiers[0].pin);

    // Morning: Ani opens the drawer with Rp 200.000 (2 × 100.000).
    await page.getByRole('button', { name: 'Drawer' }).click();
    let drawer = page.getByRole('dialog', { name: 'Cash drawer' });
    await drawer.getByRole('spinbutton', { name: `${rupiah(10_000_000)} count` }).fill('2');
    await drawer.getByRole('button', { name: 'Open drawer' }).click();
    await drawer.getByRole('button', { name: 'Close drawer' }).waitFor();
    await drawer.getByRole('button', { name: 'Close', exact: true }).click();
    await drawer.waitFor({ state: 'hidden' });
    const session = (await api(server.url, owner, 'GET', `/v1/registers/${register.id}/drawer-session`)).body
      .session as { id: string };

    // The day's 10 sales.
    const day: Array<[string[], Tender]> = [
      [['Nasi Goreng Spesial'], 'cash-exact'],
      [['Mie Ayam'], 'cash-note'],
      [['Sate Ayam'], 'card'],
      [['Mie Ayam'], 'qris'],
      [['Sate Ayam', 'Nasi Goreng Spesial'], 'cash-exact'],
      [['Nasi Goreng Spesial'], 'card'],
      [['Sate Ayam'], 'cash-note'],
      [['Nasi Goreng Spesial'], 'qris'],
      [['Mie Ayam'], 'cash-exact'],
      [['Mie Ayam', 'Sate Ayam'], 'card'],
    ];
    for (const [items, tender] of day) {
      await sell(page, items, tender);
    }
    await shot(page, 'day-01-after-sales');

    // A customer returns: Rp 10.000 back in cash from the first sale, a manager approves.
    const orders = (await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}&limit=50`)).body
      .items as Array<{ id: string; number: number; status: string; total: number }>;
    expect(orders.filter((o) => o.status === 'completed')).toHaveLength(10);
    const first = orders.reduce((a, b) => (a.number < b.number ? a : b));
    await page.getByRole('button', { name: 'Orders', exact: true }).click();
    const list = page.getByRole('dialog', { name: 'Today’s orders' });
    await list.getByRole('searchbox', { name: 'Order number' }).fill(String(first.number));
    await list.getByRole('button', { name: new RegExp(`^#${first.number}\\b`) }).click();
    await list.getByRole('textbox', { name: 'Amount to refund' }).fill('10000');
    await list.getByRole('button', { name: 'Refund an amount' }).click();
    await approveAsManager(page);
    await page.getByText('Refunded Rp 10.000').first().waitFor();
    await list.getByRole('button', { name: 'Close', exact: true }).click();
    await list.waitFor({ state: 'hidden' });

    // Ice bought from the drawer: a paid out of Rp 15.000.
    await page.getByRole('button', { name: 'Drawer' }).click();
    drawer = page.getByRole('dialog', { name: 'Cash drawer' });
    await drawer.getByRole('button', { name: 'Paid out' }).click();
    await drawer.getByRole('textbox', { name: 'Amount' }).fill('15000');
    await drawer.getByRole('textbox', { name: 'Reason' }).fill('Es batu');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByRole('button', { name: 'Close drawer' }).waitFor();
    await drawer.getByRole('button', { name: 'Close', exact: true }).click();
    await drawer.waitFor({ state: 'hidden' });

    // Evening: Budi (manager) reads the X report, then counts the drawer blind, Rp 2.000 short.
    await page.getByRole('button', { name: /Lock/ }).click();
    await signInByPin(page, 'Budi', DEMO.manager.pin);
    await page.getByRole('button', { name: 'Drawer' }).click();
    drawer = page.getByRole('dialog', { name: 'Cash drawer' });
    await drawer.getByRole('button', { name: 'X report' }).click();
    const xFigures = drawer.getByRole('definition').first();
    await xFigures.waitFor();
    await shot(page, 'day-02-x-report');
    const x = (await api(server.url, owner, 'GET', `/v1/drawer-sessions/${session.id}/x-report`)).body;
    expect(x.kind).toBe('X');
    expect(x.cash.paidOut).toBe(1_500_000);
    expect(x.cash.refunds).toBe(1_000_000);
    const expected = x.cash.expected as number;
    expect(await drawer.getByText(rupiah(expected), { exact: true }).count()).toBeGreaterThan(0);
    await drawer.getByRole('button', { name: 'Back' }).click();
    await drawer.getByRole('button', { name: 'Close drawer' }).click();
    await count(drawer, expected - 200_000);
    await drawer.getByRole('button', { name: 'Close and print Z' }).click();
    await drawer.getByRole('textbox', { name: 'Reason for the difference' }).fill('kembalian salah');
    await drawer.getByRole('button', { name: 'Close and print Z' }).click();
    const closed = page.getByRole('dialog', { name: /Drawer closed · Z 1/ });
    const approval = page.getByRole('dialog', { name: 'Manager approval' });
    await Promise.race([closed.waitFor(), approval.waitFor()]);
    if (await approval.isVisible()) {
      await approveAsManager(page);
    }
    await closed.waitFor();
    expect(await closed.getByTestId('drawer-variance').textContent()).toBe(rupiah(-200_000));
    await shot(page, 'day-03-z-report');

    // The Z report: stored, numbered 1, and its figures tie to the sales and payments in the API ...
    const z = (await api(server.url, owner, 'GET', `/v1/registers/${register.id}/z-reports/1`)).body;
    expect(z).toMatchObject({ kind: 'Z', number: 1 });
    expect(z.cash).toMatchObject({
      float: 20_000_000,
      expected,
      counted: expected - 200_000,
      variance: -200_000,
    });
    const fullOrders = await Promise.all(
      orders.map(async (o) => (await api(server.url, owner, 'GET', `/v1/orders/${o.id}`)).body),
    );
    expect(z.sales.orders).toBe(10);
    expect(z.sales.total).toBe(fullOrders.reduce((s, o) => s + o.total, 0));
    const payments = (
      await Promise.all(
        orders.map(
          async (o) => (await api(server.url, owner, 'GET', `/v1/orders/${o.id}/payments`)).body.items,
        ),
      )
    ).flat() as Array<{ method: string; channel: string | null; amount: number; cashRounding: number }>;
    const byMethod = (m: string) => payments.filter((p) => p.method === m);
    expect(byMethod('cash')).toHaveLength(5);
    expect(byMethod('card')).toHaveLength(3);
    expect(byMethod('gateway').map((p) => p.channel)).toEqual(['qris', 'qris']);
    const tender = (m: string) =>
      (z.tenders as Array<{ method: string; count: number; amount: number }>)
        .filter((t) => t.method === m)
        .reduce((s, t) => ({ count: s.count + t.count, amount: s.amount + t.amount }), {
          count: 0,
          amount: 0,
        });
    for (const m of ['cash', 'card', 'gateway']) {
      expect(tender(m)).toEqual({
        count: byMethod(m).length,
        amount: byMethod(m).reduce((s, p) => s + p.amount, 0),
      });
    }
    const cashIn = byMethod('cash').reduce((s, p) => s + p.amount + p.cashRounding, 0);
    expect(z.cash.sales).toBe(cashIn);
    expect(z.cash.expected).toBe(20_000_000 + cashIn - 1_000_000 - 1_500_000);

    // ... and to the ledger: the drawer's movements match its ledger entries, the drawer account is
    // empty after the close, the shortage sits in over/short, and the books balance.
    const tie = (await api(server.url, owner, 'GET', `/v1/drawer-sessions/${session.id}/tie-out`)).body;
    expect(tie).toMatchObject({ ok: true, movements: 0, ledgerCashDrawer: 0, overShort: -200_000 });
    const tb = (await api(server.url, owner, 'GET', '/v1/ledger/trial-balance')).body;
    const account = (a: string) => tb.accounts.find((r: { account: string }) => r.account === a);
    expect(account('cash_over_short')).toMatchObject({ balance: 200_000 });
    expect(account('cash_drawer')).toMatchObject({ balance: 0 });
    expect(account('cash_paid_out')).toMatchObject({ balance: 1_500_000 });
    expect(tb.balanced).toBe(true);
    expect((await api(server.url, owner, 'GET', '/v1/ledger/check')).body.ok).toBe(true);
    await page.context().close();
  });
});
