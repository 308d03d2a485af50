import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';

/** A local SMTP server that keeps what it receives. */
const received: Array<{ from: string; to: string[]; raw: string }> = [];
let smtp: SMTPServer;
let port: number;
let t: TestApp;
let fx: TenantFixture;
let menu: PaymentMenu;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({
    config: { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Kasir <struk@warung.test>' },
  });
  fx = await createTenant(t.app, 'Mail Café');
  menu = await seedPaymentMenu(t, fx);
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('e-mailed receipts', () => {
  it('sends the receipt to the local SMTP server, and says so in the audit log', async () => {
    const api = client(t.app);
    const sale = await api.post(
      '/v1/sales',
      {
        outletId: fx.outletId,
        registerId: fx.registerId,
        diningOption: 'takeaway',
        lines: [{ itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: 1 }],
        payments: [{ method: 'cash', tendered: 2_000_000 }],
      },
      fx.ownerToken,
    );
    expect(sale.status).toBe(201);
    const res = await api.post(
      `/v1/orders/${sale.body.order.id}/receipt/email`,
      { to: 'pelanggan@example.test' },
      fx.ownerToken,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.to).toBe('pelanggan@example.test');
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.from).toBe('struk@warung.test');
    expect(mail.to).toEqual(['pelanggan@example.test']);
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?/m); // "Mail Café — Struk 1", encoded
    expect(mail.raw).toContain(`No. ${sale.body.order.receiptNumber}`);
    expect(mail.raw).toContain('Content-Type: text/html');
    const audit = await api.get('/v1/audit?action=receipt.emailed', fx.ownerToken);
    expect(audit.body.items.some((e: { action: string }) => e.action === 'receipt.emailed')).toBe(true);

    const bad = await api.post(
      `/v1/orders/${sale.body.order.id}/receipt/email`,
      { to: 'not an address' },
      fx.ownerToken,
    );
    expect(bad.status).toBe(400);
    const other = await createTenant(t.app, 'Other');
    const foreign = await api.post(
      `/v1/orders/${sale.body.order.id}/receipt/email`,
      { to: 'x@example.test' },
      other.ownerToken,
    );
    expect(foreign.status).toBe(404);
    expect(received).toHaveLength(1);
  });
});
