import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';

let t: TestApp;
let fx: TenantFixture;
let menu: PaymentMenu;

beforeAll(async () => {
  t = await createTestApp();
  fx = await createTenant(t.app, 'Receipt Café');
  menu = await seedPaymentMenu(t, fx);
});
afterAll(async () => {
  await t.close();
});

const api = () => client(t.app);

async function sale() {
  const res = await api().post(
    '/v1/sales',
    {
      outletId: fx.outletId,
      registerId: fx.registerId,
      diningOption: 'takeaway',
      lines: [
        { itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: 2 },
        { itemId: menu.snack.id, variantId: menu.snack.variants[0].id, quantity: 1 },
      ],
      payments: [{ method: 'cash', tendered: 5_000_000 }],
    },
    fx.ownerToken,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('receipts of orders', () => {
  it('gives the document, 58 and 80 mm text, ESC/POS bytes, and a signed hosted page', async () => {
    const s = await sale();
    const doc = await api().get(`/v1/orders/${s.order.id}/receipt`, fx.ownerToken);
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({
      kind: 'receipt',
      number: s.order.receiptNumber,
      copy: false,
      currency: 'IDR',
      business: { name: 'Receipt Café', outlet: 'Main' },
      total: s.order.total,
      payments: [{ method: 'cash', tendered: 5_000_000, change: s.payments[0].change }],
    });
    expect(doc.body.lines).toHaveLength(2);
    // Line amounts are before discounts and added tax: they add up to the subtotal.
    expect(doc.body.lines.reduce((sum: number, l: { total: number }) => sum + l.total, 0)).toBe(
      doc.body.subtotal,
    );
    expect(doc.body.taxes).toEqual([{ name: 'PB1', ratePpm: 100_000, inclusive: false, amount: 246_900 }]);

    for (const [paper, columns] of [
      ['58', 32],
      ['80', 48],
    ] as const) {
      const text = await api().get(`/v1/orders/${s.order.id}/receipt.txt?paper=${paper}`, fx.ownerToken);
      expect(text.status).toBe(200);
      expect(text.headers['content-type']).toContain('text/plain');
      const lines = String(text.body).trimEnd().split('\n');
      expect(lines.every((l) => l.length <= columns)).toBe(true);
      expect(lines.some((l) => l.startsWith('Struk') && l.endsWith(`No. ${s.order.receiptNumber}`))).toBe(
        true,
      );
    }
    const copy = await api().get(`/v1/orders/${s.order.id}/receipt.txt?copy=true`, fx.ownerToken);
    expect(String(copy.body)).toContain('*** SALINAN ***');

    const bytes = await t.app.inject({
      method: 'GET',
      url: `/v1/orders/${s.order.id}/receipt.escpos?paper=58&kick=true`,
      headers: { authorization: `Bearer ${fx.ownerToken}` },
    });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['content-type']).toBe('application/octet-stream');
    const raw = bytes.rawPayload;
    expect([...raw.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(raw.includes(Buffer.from([0x1d, 0x56, 0x01]))).toBe(true); // cut
    expect([...raw.subarray(raw.length - 5)]).toEqual([0x1b, 0x70, 0x00, 0x32, 0xfa]); // drawer kick

    // The hosted page: the signed link works without credentials; a forged one is a 404.
    const link = new URL(doc.body.link, 'http://kasir.local');
    const page = await api().get(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(String(page.body)).toContain(`Struk ${s.order.receiptNumber}`);
    expect(String(page.body)).not.toContain('SALINAN');
    // A reprint from the register's browser is marked as a copy.
    const hostedCopy = await api().get(`${link.pathname}${link.search}&copy=true`);
    expect(hostedCopy.status).toBe(200);
    expect(String(hostedCopy.body)).toContain('*** SALINAN ***');
    const forged = await api().get(`${link.pathname}?sig=${'0'.repeat(32)}`);
    expect(forged.status).toBe(404);
    expect(forged.body.code).toBe('receipts.not_found');
  });

  it("prints the outlet's branding: tax id, header and footer", async () => {
    const set = await api().patch(
      `/v1/outlets/${fx.outletId}/cash-settings`,
      {
        taxId: '01.234.567.8-901.000',
        receiptHeader: 'Buka 08.00–22.00',
        receiptFooter: 'Wi-Fi: kopi123\nIG @receiptcafe',
      },
      fx.ownerToken,
    );
    expect(set.status).toBe(200);
    const s = await sale();
    const text = String(
      (await api().get(`/v1/orders/${s.order.id}/receipt.txt?paper=58`, fx.ownerToken)).body,
    );
    const lines = text.split('\n').map((l) => l.trim());
    expect(lines).toContain('NPWP: 01.234.567.8-901.000');
    expect(lines).toContain('Buka 08.00–22.00');
    expect(lines).toContain('Wi-Fi: kopi123');
    expect(lines).toContain('IG @receiptcafe');
    const doc = await api().get(`/v1/orders/${s.order.id}/receipt`, fx.ownerToken);
    const link = new URL(doc.body.link, 'http://kasir.local');
    const html = String((await api().get(`${link.pathname}${link.search}`)).body);
    expect(html).toContain('NPWP: 01.234.567.8-901.000');
    expect(html).toContain('<p>IG @receiptcafe</p>');
    await api().patch(
      `/v1/outlets/${fx.outletId}/cash-settings`,
      { taxId: null, receiptHeader: null, receiptFooter: null },
      fx.ownerToken,
    );
  });

  it('shows refunds with their credit-note numbers', async () => {
    const s = await sale();
    const r = await api().post(
      `/v1/payments/${s.payments[0].id}/refunds`,
      { amount: 500_000, reason: 'snack was cold' },
      fx.ownerToken,
    );
    expect(r.status).toBe(201);
    const doc = await api().get(`/v1/orders/${s.order.id}/receipt`, fx.ownerToken);
    expect(doc.body.refunds).toEqual([
      { creditNoteNumber: r.body.creditNoteNumber, amount: 500_000, reason: 'snack was cold' },
    ]);
    expect(r.body.creditNoteNumber).toBeGreaterThanOrEqual(1);
  });

  it("refuses another tenant's orders, and a link signed for another tenant", async () => {
    const s = await sale();
    const other = await createTenant(t.app, 'Other');
    for (const url of ['receipt', 'receipt.txt', 'receipt.escpos']) {
      const res = await api().get(`/v1/orders/${s.order.id}/${url}`, other.ownerToken);
      expect(res.status).toBe(404);
    }
    const doc = await api().get(`/v1/orders/${s.order.id}/receipt`, fx.ownerToken);
    const sig = new URL(doc.body.link, 'http://x').searchParams.get('sig');
    const swapped = await api().get(`/receipts/${other.tenantId}/${s.order.id}?sig=${sig}`);
    expect(swapped.status).toBe(404);
  });
});
