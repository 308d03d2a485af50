// Receipts from the register, in a real browser against the real server: the official number on
// screen, print from the browser when the outlet has no printer, e-mail to a local SMTP server, and
// a reprint (marked as a copy) from the orders screen to a network printer (a local TCP listener).
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
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
let smtp: SMTPServer;
let printer: net.Server;
let printerPort = 0;
const mails: Array<{ to: string[]; raw: string }> = [];
const printed: Buffer[] = [];

/** A listener on a free raw printing port (9100–9199) that keeps the bytes of each job. */
async function listenAsPrinter(): Promise<void> {
  for (let port = 9100 + Math.floor(Math.random() * 90); port <= 9199; port++) {
    const s = net.createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => printed.push(Buffer.concat(chunks)));
    });
    const ok = await new Promise<boolean>((resolve) => {
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) {
      printer = s;
      printerPort = port;
      return;
    }
  }
  throw new Error('no free port in 9100–9199');
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  await listenAsPrinter();
  server = await startWebServer({
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    outboundAllowPrivate: true,
  });
  browser = await launchBrowser();
  owner = await login(server.url, 'owner@warung.demo');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await new Promise<void>((resolve) => (printer ? printer.close(() => resolve()) : resolve()));
});

describe('receipts in the register', { timeout: 120_000 }, () => {
  it('shows the official number; prints from the browser, e-mails, and reprints a copy on the network printer', async () => {
    const kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
    const { page } = await newRegister(browser, server.url);
    await pairWithCode(page, server.url, kemang.registers[0]!.id);
    await signInByPin(page, 'Ani', DEMO.cashiers[0].pin);

    await page.getByRole('button', { name: /^Nasi Goreng Spesial/ }).click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page
      .getByRole('dialog', { name: 'Payment' })
      .getByRole('button', { name: /^Exact cash/ })
      .click();
    const done = page.getByRole('dialog', { name: 'Payment complete' });
    await done.waitFor();

    const list = await api(server.url, owner, 'GET', `/v1/orders?outletId=${kemang.id}`);
    const full = await api(server.url, owner, 'GET', `/v1/orders/${list.body.items[0].id}`);
    const order = full.body as { id: string; number: number; receiptNumber: number };
    expect(order.receiptNumber).toBeGreaterThan(0);
    expect(await done.getByTestId('receipt-number').textContent()).toBe(`Receipt No. ${order.receiptNumber}`);

    // No printer at the outlet yet: the hosted receipt opens in a window and prints from the browser.
    const popup = page.waitForEvent('popup');
    await done.getByRole('button', { name: 'Print receipt' }).click();
    const hosted = await popup;
    await hosted.waitForLoadState();
    expect(hosted.url()).toContain(`/receipts/${server.demo.tenantId}/${order.id}?sig=`);
    expect(await hosted.locator('main').textContent()).toContain(` ${order.receiptNumber}`);
    await shot(hosted, 'receipt-02-browser-print');
    await hosted.close();
    await page.getByText('No receipt printer: printing from this browser', { exact: true }).waitFor();
    // What was handed out once is a copy from now on.
    await done.getByRole('button', { name: 'Reprint (copy)' }).waitFor();

    // E-mail to the customer: it arrives at the local SMTP server.
    await done.getByRole('button', { name: 'E-mail receipt' }).click();
    await done.getByRole('textbox', { name: 'Customer e-mail' }).fill('tamu@example.com');
    await shot(page, 'receipt-01-paid-email');
    await done.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Receipt sent to tamu@example.com', { exact: true }).waitFor();
    await expect.poll(() => mails.length).toBe(1);
    expect(mails[0]!.to).toEqual(['tamu@example.com']);
    expect(mails[0]!.raw).toContain(String(order.receiptNumber));
    await done.getByRole('button', { name: 'New sale' }).click();

    // The outlet gets a receipt printer: a reprint from the orders screen goes to it, marked as a copy.
    const created = await api(server.url, owner, 'POST', '/v1/printers', {
      outletId: kemang.id,
      name: 'Kasir depan',
      kind: 'receipt',
      host: '127.0.0.1',
      port: printerPort,
      paper: 58,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await page.getByRole('button', { name: 'Orders', exact: true }).click();
    const orders = page.getByRole('dialog', { name: 'Today’s orders' });
    await orders.getByRole('button', { name: new RegExp(`^#${order.number}\\b`) }).click();
    expect(await orders.getByTestId('receipt-number').textContent()).toBe(
      `Receipt No. ${order.receiptNumber}`,
    );
    await orders.getByRole('button', { name: 'Reprint (copy)' }).click();
    await page.getByText('Sent to the receipt printer', { exact: true }).waitFor();
    await shot(page, 'receipt-03-reprint');
    await expect.poll(() => printed.length, { timeout: 20_000 }).toBe(1);
    const text = printed[0]!.toString('latin1');
    expect(text).toMatch(/\*\*\* (COPY|SALINAN) \*\*\*/);
    expect(text).toContain(String(order.receiptNumber));
    await page.context().close();
  });
});
