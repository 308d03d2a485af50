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

describe('register', () => {
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
    await shot(page, '07-pay-cash');
    await pay.getByRole('group', { name: 'Cash received' }).getByRole('button').nth(2).click();
    const change = page.getByTestId('change');
    await change.waitFor();
    await shot(page, '08-receipt');
    const changeText = (await change.textContent())!;

    // The order in the API: completed, paid, the total the register showed before Bayar.
    const orders = await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}`);
    const order = orders.body.orders[0];
    expect(order.status).toBe('completed');
    expect(order.paymentStatus).toBe('paid');
    const money = rupiah;
    expect(total).toBe(money(order.total));
    const full = await api(server.url, owner, 'GET', `/v1/orders/${order.id}`);
    expect(full.body.discountTotal).toBeGreaterThan(0);
    expect(full.body.lines).toHaveLength(3);
    const payments = await api(server.url, owner, 'GET', `/v1/orders/${order.id}/payments`);
    expect(payments.body).toHaveLength(1);
    expect(changeText).toBe(money(payments.body[0].change));
    expect(payments.body[0].change).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'New sale' }).click();
    await page.getByText('Tap an item to start a sale').waitFor();
    await page.context().close();
  });
});
