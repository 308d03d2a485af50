// The register's stories in a real browser against the real server (see support.ts).
import type { Browser, Page } from 'playwright-core';
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
let kemang: { id: string; registers: { id: string; name: string }[] };

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, 'owner@warung.demo');
  kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
  // A discount entered at the sale; more than 10% needs a manager.
  const d = await api(server.url, owner, 'POST', '/v1/catalog/discounts', {
    name: 'Diskon Teman',
    kind: 'percentage',
    scope: 'order',
    value: null,
    approvalThreshold: 100_000,
  });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const cashier = DEMO.cashiers[0];

async function openRegister(registerIndex = 0): Promise<Page> {
  const { page } = await newRegister(browser, server.url);
  await pairWithCode(page, server.url, kemang.registers[registerIndex]!.id);
  await expect.poll(() => page.getByRole('heading', { name: 'Who is selling?' }).isVisible()).toBe(true);
  return page;
}

// A story's time is not measured: on a loaded machine (2 cores shared with other jobs) a gateway's
// notification or a page load can take many seconds, so each story may take up to 90 s.
describe('register', { timeout: 90_000 }, () => {
  it('pair + PIN; sell 3 items with modifiers and a discount a manager approves; cash, change, completed', async () => {
    const { page } = await newRegister(browser, server.url);
    await page.getByRole('heading', { name: 'Set up this register' }).waitFor();
    await shot(page, '01-pair');
    await pairWithCode(page, server.url, kemang.registers[0]!.id);
    await page.getByRole('heading', { name: 'Who is selling?' }).waitFor();
    await shot(page, '02-lock');
    await signInByPin(page, 'Ani', cashier.pin);
    // Who is signed in is always visible.
    await page.getByLabel('Signed in: Ani (cashier)').waitFor();

    await page.getByRole('button', { name: /^Nasi Goreng Spesial/ }).click();
    await page.getByRole('button', { name: /^Es Kopi Susu/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Es Kopi Susu' });
    await dialog.getByRole('radio', { name: /Large/ }).click();
    const add = dialog.getByRole('button', { name: /^Add/ });
    expect(await add.isDisabled()).toBe(true); // "Gula" needs exactly one choice
    await dialog.getByRole('radio', { name: 'Kurang manis' }).click();
    await dialog.getByRole('checkbox', { name: /Boba/ }).click();
    await dialog.getByLabel('Notes').fill('less ice');
    await shot(page, '04-item-dialog');
    await add.click();
    await page.getByRole('button', { name: /^Es Teh Manis/ }).click();
    await page.getByRole('dialog', { name: 'Es Teh Manis' }).getByRole('radio', { name: 'Normal' }).click();
    await page.getByRole('dialog', { name: 'Es Teh Manis' }).getByRole('button', { name: /^Add/ }).click();
    await shot(page, '03-cart');

    // 15% is over the 10% limit: a manager approves with a PIN, in place.
    await page.getByRole('button', { name: /Discount/ }).click();
    const disc = page.getByRole('dialog', { name: 'Discount on this sale' });
    await disc.getByRole('radio', { name: 'Diskon Teman' }).click();
    await disc.getByRole('textbox', { name: /^Value/ }).fill('15');
    await disc.getByRole('button', { name: 'Apply' }).click();
    const approval = page.getByRole('dialog', { name: 'Manager approval' });
    await approval.getByRole('radio', { name: /Budi/ }).click();
    await approval.getByRole('textbox', { name: 'Manager PIN' }).fill(DEMO.manager.pin);
    await shot(page, '05-manager-approval');
    await approval.getByRole('button', { name: 'Approve' }).click();
    await approval.waitFor({ state: 'hidden' });
    const total = (await page.getByTestId('cart-total').textContent())!;
    await shot(page, '06-cart-discount');

    await page.getByRole('button', { name: /^Pay/ }).click();
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('button', { name: /^Exact cash/ }).waitFor();
    await shot(page, '07-pay-cash');
    await pay.getByRole('group', { name: 'Cash received' }).getByRole('button').nth(2).click();
    const change = page.getByTestId('change');
    await change.waitFor();
    await shot(page, '08-receipt');
    const changeText = (await change.textContent())!;

    // The order in the API: completed, paid, the total the register showed before Bayar.
    const orders = await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}`);
    const order = orders.body.items[0];
    expect(order.status).toBe('completed');
    expect(order.paymentStatus).toBe('paid');
    const money = rupiah;
    expect(total).toBe(money(order.total));
    const full = await api(server.url, owner, 'GET', `/v1/orders/${order.id}`);
    expect(full.body.discountTotal).toBeGreaterThan(0);
    expect(full.body.lines).toHaveLength(3);
    const payments = await api(server.url, owner, 'GET', `/v1/orders/${order.id}/payments`);
    expect(payments.body.items).toHaveLength(1);
    expect(changeText).toBe(money(payments.body.items[0].change));
    expect(payments.body.items[0].change).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'New sale' }).click();
    await page.getByText('Tap an item to start a sale').waitFor();
    await page.context().close();
  });

  it('a QRIS sale: the QR fills the screen and turns paid by itself when paid on the simulator page', async () => {
    const page = await openRegister(1);
    await signInByPin(page, 'Dewi', DEMO.cashiers[1].pin);
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('radio', { name: 'QRIS' }).click();
    await pay.getByRole('button', { name: /Show QRIS/ }).click();
    await page.getByRole('img', { name: /^QRIS/ }).waitFor();
    await page.getByText('Waiting for payment…').waitFor();
    await shot(page, '09-qris-waiting');

    // The customer scans and pays: the gateway (simulator) notifies the server, realtime tells the register.
    await payOnSimulator(page.context(), server.sims.midtrans.url);
    await page.getByRole('dialog', { name: 'Payment complete' }).waitFor({ timeout: 60_000 });
    await shot(page, '10-qris-paid');
    const orders = await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}`);
    const order = orders.body.items[0];
    expect(order.status).toBe('completed');
    const payments = await api(server.url, owner, 'GET', `/v1/orders/${order.id}/payments`);
    expect(payments.body.items.map((p: any) => [p.method, p.channel, p.status])).toEqual([
      ['gateway', 'qris', 'completed'],
    ]);
    await page.context().close();
  });

  it('card + QRIS split tender on a rupiah bill', async () => {
    const page = await openRegister(1);
    await signInByPin(page, 'Dewi', DEMO.cashiers[1].pin);
    await page.getByRole('button', { name: /^Sate Ayam/ }).click();
    await page.getByRole('button', { name: /^Es Teh Manis/ }).click();
    await page
      .getByRole('dialog', { name: 'Es Teh Manis' })
      .getByRole('radio', { name: 'Kurang manis' })
      .click();
    await page.getByRole('dialog', { name: 'Es Teh Manis' }).getByRole('button', { name: /^Add/ }).click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('radio', { name: 'Card' }).click();
    await pay.getByRole('textbox', { name: 'Amount to pay' }).fill('20000');
    await pay.getByRole('textbox', { name: 'Last 4 digits' }).fill('4242');
    await pay.getByRole('textbox', { name: 'Approval code' }).fill('A1B2C3');
    await shot(page, '11-split-card');
    await pay.getByRole('button', { name: /^Record card payment/ }).click();
    await pay.getByText('Paid so far').waitFor();
    await pay.getByRole('radio', { name: 'QRIS' }).click();
    await pay.getByRole('button', { name: /Show QRIS/ }).click();
    await page.getByText('Waiting for payment…').waitFor();
    await payOnSimulator(page.context(), server.sims.midtrans.url);
    await page.getByRole('dialog', { name: 'Payment complete' }).waitFor({ timeout: 60_000 });
    await shot(page, '12-split-receipt');
    const order = (await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}`)).body.items[0];
    const payments = (await api(server.url, owner, 'GET', `/v1/orders/${order.id}/payments`)).body.items;
    expect(order.status).toBe('completed');
    expect(payments.map((p: any) => [p.method, p.amount, p.status])).toEqual([
      ['card', 2_000_000, 'completed'],
      ['gateway', order.total - 2_000_000, 'completed'],
    ]);
    expect(payments[0].card).toEqual({ brand: 'Visa', last4: '4242', approvalCode: 'A1B2C3' });
    expect(order.total % 100).toBe(0); // whole rupiah: every part is payable by QRIS
    await page.context().close();
  });

  it('a double tap on Pay makes one payment', async () => {
    const page = await openRegister(0);
    await signInByPin(page, 'Ani', cashier.pin);
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    const exact = page.getByRole('dialog', { name: 'Payment' }).getByRole('button', { name: /^Exact cash/ });
    await exact.evaluate((b: { click(): void }) => {
      b.click();
      b.click();
    });
    await page.getByRole('dialog', { name: 'Payment complete' }).waitFor();
    const order = (await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}`)).body.items[0];
    const payments = (await api(server.url, owner, 'GET', `/v1/orders/${order.id}/payments`)).body.items;
    expect(payments).toHaveLength(1);
    expect(order.paymentStatus).toBe('paid');
    await page.context().close();
  });

  it('refund by line with a manager PIN', async () => {
    const page = await openRegister(0);
    await signInByPin(page, 'Ani', cashier.pin);
    await page.getByRole('button', { name: 'Orders', exact: true }).click();
    const list = page.getByRole('dialog', { name: 'Today’s orders' });
    await list.getByRole('searchbox', { name: 'Order number' }).fill('1');
    await shot(page, '13-orders');
    await list.getByRole('button', { name: /^#1\b/ }).click();
    await list.getByRole('checkbox', { name: 'Refund Nasi Goreng Spesial' }).check();
    await shot(page, '13-refund-lines');
    await list.getByRole('button', { name: 'Refund selected lines' }).click();
    const approval = page.getByRole('dialog', { name: 'Manager approval' });
    await approval.getByRole('radio', { name: /Budi/ }).click();
    for (const digit of DEMO.manager.pin) {
      await approval
        .getByRole('group', { name: 'Manager PIN' })
        .getByRole('button', { name: digit, exact: true })
        .click();
    }
    await approval.getByRole('button', { name: 'Approve' }).click();
    await page
      .getByText(/^Refunded Rp/)
      .first()
      .waitFor();
    await shot(page, '14-refunded');
    const first = (await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}&number=1`)).body
      .items[0];
    const payments = (await api(server.url, owner, 'GET', `/v1/orders/${first.id}/payments`)).body.items;
    const refunds = (await api(server.url, owner, 'GET', `/v1/payments/${payments[0].id}/refunds`)).body
      .items;
    expect(refunds).toHaveLength(1);
    expect(refunds[0].lines).toHaveLength(1);
    expect(payments[0].refundedAmount).toBe(refunds[0].amount);
    await page.context().close();
  });

  it('a second register sees a sold-out change live', async () => {
    const a = await openRegister(0);
    await signInByPin(a, 'Ani', cashier.pin);
    const b = await openRegister(1);
    await signInByPin(b, 'Dewi', DEMO.cashiers[1].pin);
    await b.getByText('Online').waitFor();
    const menu = (await api(server.url, owner, 'GET', `/v1/catalog/menu?outletId=${kemang.id}`)).body;
    const sate = menu.items.find((i: { name: string }) => i.name.startsWith('Sate Ayam'));
    const manager = await login(server.url, DEMO.manager.email);
    const res = await api(server.url, manager, 'PATCH', `/v1/outlets/${kemang.id}/items/${sate.id}`, {
      soldOut: true,
    });
    expect(res.status).toBe(200);
    for (const page of [a, b]) {
      await expect
        .poll(() => page.getByRole('button', { name: /^Sate Ayam.*Sold out/ }).isDisabled(), {
          timeout: 10_000,
        })
        .toBe(true);
    }
    await shot(b, '15-sold-out-live');
    await api(server.url, manager, 'PATCH', `/v1/outlets/${kemang.id}/items/${sate.id}`, { soldOut: false });
    await a.context().close();
    await b.context().close();
  });

  it('the register in Indonesian (tenant language), on a tablet and a phone', async () => {
    const { page } = await newRegister(browser, server.url, { locale: 'id-ID' });
    await page.getByRole('heading', { name: 'Siapkan kasir ini' }).waitFor();
    const manager = await login(server.url, DEMO.manager.email);
    const code = await api(
      server.url,
      manager,
      'POST',
      `/v1/registers/${kemang.registers[0]!.id}/pairing-codes`,
    );
    await page.getByRole('textbox', { name: 'Kode pairing' }).fill(code.body.code);
    await page.getByRole('button', { name: 'Pasangkan perangkat' }).click();
    await page.getByRole('heading', { name: 'Siapa yang berjualan?' }).waitFor();
    await signInByPin(page, 'Ani', cashier.pin, 'ID');
    await page.getByRole('button', { name: /^Es Teh Manis/ }).click();
    await page.getByRole('dialog', { name: 'Es Teh Manis' }).getByRole('radio', { name: 'Normal' }).click();
    await page
      .getByRole('dialog', { name: 'Es Teh Manis' })
      .getByRole('button', { name: /^Tambah ·/ })
      .click();
    await page.getByRole('button', { name: /^Nasi Goreng/ }).click();
    await page.getByRole('radio', { name: 'Makan di Tempat' }).click();
    await page.getByRole('textbox', { name: 'Meja' }).fill('A3');
    await shot(page, '16-id-cart');
    await page.getByRole('button', { name: /^Bayar Rp/ }).click();
    const pay = page.getByRole('dialog', { name: 'Pembayaran' });
    await pay.getByRole('button', { name: /^Uang Pas/ }).waitFor();
    await shot(page, '17-id-pay');
    await pay.getByRole('button', { name: /^Uang Pas/ }).click();
    await page.getByRole('button', { name: 'Transaksi baru' }).waitFor();
    await shot(page, '18-id-receipt');
    await page.getByRole('button', { name: 'Transaksi baru' }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    await shot(page, '19-id-phone');
    await page.context().close();
  });
});
