// QR table ordering in real browsers against the real server (issue 17, the must-show story): a
// customer's phone scans a table's code, orders in Indonesian, the cashier accepts it in the
// register, the kitchen display shows the ticket and the cook bumps it, the phone shows "Siap",
// the customer pays by QRIS on the gateway simulator and the order completes.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  DEMO,
  launchBrowser,
  openKitchenDisplay,
  login,
  newRegister,
  pairWithCode,
  PHONE,
  shot,
  signInByPin,
  startWebServer,
  type WebServer,
  payOnSimulator,
} from './support.ts';
import { pollUntil } from '../support/poll.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let kemang: { id: string; name: string; registers: { id: string; name: string }[] };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.close();
});

describe('QR table ordering', { timeout: 180_000 }, () => {
  it('scan → order → accept in the register → KDS → ready on the phone → QRIS on the simulator → completed', async () => {
    const issued = await api(server.url, owner, 'POST', `/v1/outlets/${kemang.id}/table-codes`, {});
    const code = issued.body.items[0] as { tableName: string; url: string };
    expect(code.url).toContain('/t/');

    // The customer's phone, in Indonesian.
    const phoneContext = await browser.newContext({
      viewport: PHONE,
      locale: 'id-ID',
      deviceScaleFactor: 2,
      hasTouch: true,
      serviceWorkers: 'block',
    });
    contexts.push(phoneContext);
    const phone = await phoneContext.newPage();
    await phone.goto(code.url);
    await phone.getByText(code.tableName, { exact: true }).waitFor();
    await phone.getByText('Harga sudah termasuk pajak').waitFor();
    await shot(phone, 'qr-01-menu');
    await phone
      .getByRole('button', { name: /^Mie Ayam/ })
      .first()
      .click();
    const sheet = phone.getByRole('dialog');
    await sheet.getByRole('button', { name: /^Tambah ·/ }).click();
    await phone.getByRole('button', { name: /Lihat pesanan/ }).click();
    await phone.getByRole('dialog', { name: 'Pesanan Anda' }).waitFor();
    await shot(phone, 'qr-02-cart');
    await phone.getByRole('button', { name: /^Kirim pesanan/ }).click();
    await phone.getByRole('heading', { name: 'Diterima' }).waitFor();
    await shot(phone, 'qr-03-received');

    // The cashier accepts it in the register (the prompt arrived live).
    const { context: regContext, page: register } = await newRegister(browser, server.url);
    contexts.push(regContext);
    await pairWithCode(register, server.url, kemang.registers[0]!.id);
    await signInByPin(register, 'Dewi', DEMO.cashiers[1].pin);
    await register.getByRole('button', { name: 'QR orders (1)' }).click();
    const prompt = register.getByRole('dialog', { name: 'Orders from tables' });
    await prompt.getByText(`Table ${code.tableName}`).waitFor();
    await shot(register, 'qr-04-register-prompt');
    await prompt.getByRole('button', { name: 'Accept' }).click();
    await prompt.getByText('No orders waiting.').waitFor();
    await register.keyboard.press('Escape');

    const accepted = await api(server.url, owner, 'GET', `/v1/qr/orders?outletId=${kemang.id}`);
    const orderId = accepted.body.items[0].orderId as string;
    const order = (await api(server.url, owner, 'GET', `/v1/orders/${orderId}`)).body;
    expect(order).toMatchObject({ status: 'sent', tableRef: code.tableName });

    // The kitchen display shows the ticket; the cook bumps it.
    const kds = await openKitchenDisplay(browser, server.url, kemang.name);
    await kds.getByRole('button', { name: `Bump #${order.number}` }).waitFor();
    await shot(kds, 'qr-05-kds');
    await kds.getByRole('button', { name: `Bump #${order.number}` }).click();

    // The phone shows it ready — live over realtime (the fallback re-read is every 15 s), then pays
    // the table's bill by QRIS on the simulator.
    await phone.getByRole('heading', { name: 'Siap' }).waitFor({ timeout: 5_000 });
    await shot(phone, 'qr-06-ready');

    // Another guest's dish joins the table's bill (the waiter adds it); the customer pays for their
    // own items only, by QRIS on the simulator, and the rest stays on the bill.
    const onTable = (await api(server.url, owner, 'GET', `/v1/orders/${orderId}`)).body;
    const added = await api(server.url, owner, 'POST', `/v1/orders/${orderId}/lines`, {
      version: onTable.version,
      lines: [{ itemId: onTable.lines[0].itemId, variantId: onTable.lines[0].variantId, quantity: 1 }],
    });
    expect(added.status, JSON.stringify(added.body)).toBeLessThan(300);
    const simPay = () => payOnSimulator(phoneContext, server.sims.midtrans.url);
    const mine = phone.getByRole('group', { name: 'Bayar pesanan saya saja' });
    await mine.getByRole('checkbox').first().check();
    await shot(phone, 'qr-06b-my-items');
    await mine.getByRole('button', { name: /^Bayar .* dengan QRIS/ }).click();
    await phone.getByRole('img', { name: /^QRIS/ }).waitFor();
    await simPay();
    // Paid for my items: the QR goes, the rest of the bill is still to pay.
    await phone.getByRole('button', { name: /^Bayar dengan QRIS/ }).waitFor({ timeout: 20_000 });
    const half = (await api(server.url, owner, 'GET', `/v1/orders/${orderId}`)).body;
    expect(half.paidAmount).toBeGreaterThan(0);
    expect(half.balanceAmount).toBeGreaterThan(0);
    expect(half.status).toBe('sent');
    await phone.getByRole('button', { name: /^Bayar dengan QRIS/ }).click();
    await phone.getByRole('img', { name: /^QRIS/ }).waitFor();
    await phone.getByText('Menunggu pembayaran…').waitFor();
    await shot(phone, 'qr-07-qris');
    await simPay();
    await phone.getByText('Lunas — terima kasih!').waitFor({ timeout: 60_000 });
    await shot(phone, 'qr-08-paid');

    const done = await pollUntil(
      async () => (await api(server.url, owner, 'GET', `/v1/orders/${orderId}`)).body,
      (o) => o.status === 'completed',
    );
    expect(done).toMatchObject({ status: 'completed', paymentStatus: 'paid', balanceAmount: 0 });
  });
});
