// Edit in place in the back office, in a real browser against the real server: a service charge,
// a discount and a tax name are changed from their rows; a category gets its taxes and its place in
// the registers' order; a person's name, outlets and PIN; an
// outlet's time zone and a register's name. Each change is checked through the API. Then the
// settlements report: a QRIS sale paid on the gateway simulator and a card sale show in Reports →
// Settlements with the figures GET /v1/reports/settlements gives. Last, the money rules set in
// Settings › Business (rounding, tax rounding, cash rounding) apply to a cash sale and its report.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../support/poll.ts';
import {
  api,
  businessDay,
  DEMO,
  launchBrowser,
  login,
  officeSection,
  OFFICE_DESKTOP,
  officeShots,
  openOffice,
  rupiah,
  startWebServer,
  type WebServer,
} from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let office: Page;

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  office = await openOffice(browser, server.url, OFFICE_DESKTOP);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Category {
  id: string;
  name: string;
  taxRateIds: string[];
  sortOrder: number;
  archived: boolean;
}

const get = async (url: string) => (await api(server.url, owner, 'GET', url)).body;

describe('office: edit in place, and the settlements report', { timeout: 150_000 }, () => {
  it('a service charge, a discount and a tax are edited from their rows', async () => {
    await officeSection(office, 'Pricing', 'Taxes, service charges and discounts');
    const charges = office.getByRole('region', { name: 'Service charges' });
    await charges.getByRole('button', { name: 'Edit Service 5%' }).click();
    const form = office.getByRole('form', { name: 'Edit Service 5%' });
    expect(await form.getByLabel('Rate (%)').inputValue()).toBe('5');
    await form.getByLabel('Name').fill('Service 7.5%');
    await form.getByLabel('Rate (%)').fill('7.5');
    await form.getByRole('checkbox', { name: 'Takeaway' }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await charges.getByRole('listitem', { name: 'Service 7.5%' }).getByText('Takeaway').waitFor();
    await office.getByRole('form', { name: 'New service charge' }).waitFor();
    const charge = (
      (await get('/v1/catalog/service-charges?limit=200')).items as Array<Record<string, unknown>>
    ).find((c) => c.name === 'Service 7.5%');
    expect(charge).toMatchObject({ ratePpm: 75_000, diningOptions: ['dine_in', 'takeaway'] });

    const discount = office.getByRole('form', { name: 'New discount' });
    await discount.getByLabel('Name').fill('Member');
    await discount.getByLabel(/^Percent/).fill('10');
    await discount.getByRole('button', { name: 'Add' }).click();
    const discounts = office.getByRole('region', { name: 'Discounts' });
    await discounts.getByRole('button', { name: 'Edit Member' }).click();
    const edit = office.getByRole('form', { name: 'Edit Member' });
    expect(await edit.getByLabel('Kind').isDisabled()).toBe(true);
    await edit.getByLabel(/^Percent/).fill('15');
    await edit.getByLabel('Manager approval above').fill('12.5');
    await edit.getByRole('button', { name: 'Save' }).click();
    await discounts.getByRole('listitem', { name: 'Member' }).getByText('approval over 12.5%').waitFor();
    const member = (
      (await get('/v1/catalog/discounts?limit=200')).items as Array<Record<string, unknown>>
    ).find((d) => d.name === 'Member');
    expect(member).toMatchObject({ kind: 'percentage', value: 150_000, approvalThreshold: 125_000 });

    const taxes = office.getByRole('region', { name: 'Taxes' });
    const tax = (
      (await get('/v1/catalog/tax-rates?limit=200')).items as Array<{ id: string; name: string }>
    ).find((x) => !x.name.includes('archived'))!;
    await taxes.getByRole('button', { name: `Edit ${tax.name}` }).click();
    const taxForm = office.getByRole('form', { name: `Edit ${tax.name}` });
    expect(await taxForm.getByLabel('Rate (%)').isDisabled()).toBe(true);
    await taxForm.getByLabel('Name').fill('PB1 Kota');
    await taxForm.getByRole('button', { name: 'Save' }).click();
    await taxes.getByRole('listitem', { name: 'PB1 Kota' }).waitFor();
    expect(
      ((await get('/v1/catalog/tax-rates?limit=200')).items as Array<{ id: string; name: string }>).find(
        (x) => x.id === tax.id,
      )?.name,
    ).toBe('PB1 Kota');
    await officeShots(office, 'office-edit-01-pricing');
  });

  it('a category is added with its tax, moved to the top, renamed without tax, removed and restored', async () => {
    await officeSection(office, 'Menu');
    const list = async () =>
      ((await get('/v1/catalog/categories?limit=200')).items as Category[])
        .filter((c) => !c.archived)
        .sort((a, b) => a.sortOrder - b.sortOrder);
    const tax = ((await get('/v1/catalog/tax-rates?limit=200')).items as Array<Record<string, unknown>>).find(
      (x) => !x.archived,
    )!;
    const form = office.getByRole('form', { name: 'Add category' });
    await form.getByLabel('Name').fill('Minuman dingin');
    await form
      .getByRole('checkbox', { name: `${tax.name as string} · ${(tax.ratePpm as number) / 10_000}%` })
      .check();
    await form.getByRole('button', { name: 'Add' }).click();
    const row = office.getByRole('listitem', { name: 'Minuman dingin' });
    await row.getByText(tax.name as string).waitFor();
    const added = (await list()).find((c) => c.name === 'Minuman dingin')!;
    expect(added.taxRateIds).toEqual([tax.id]);
    expect((await list()).at(-1)!.id).toBe(added.id);

    // Up to the top: the registers' category chips follow sortOrder.
    // A move saves the renumbered categories one by one, its buttons disabled meanwhile: each step
    // waits for the whole move (the down button enabled again), not only for this category's save.
    const up = office.getByRole('button', { name: 'Move Minuman dingin up' });
    const down = office.getByRole('button', { name: 'Move Minuman dingin down' });
    const index = async () => (await list()).findIndex((c) => c.id === added.id);
    for (let at = await index(); at > 0; at = await index()) {
      await up.click(); // waits until enabled
      await expect.poll(index).toBe(at - 1);
      await expect.poll(() => down.isEnabled()).toBe(true);
    }
    expect(await up.isDisabled()).toBe(true);
    expect((await list())[0]!.id).toBe(added.id);
    await officeShots(office, 'office-edit-01b-categories');

    await office.getByRole('button', { name: 'Edit Minuman dingin' }).click();
    const edit = office.getByRole('form', { name: 'Edit Minuman dingin' });
    await edit.getByLabel('Name').fill('Es & jus');
    await edit.getByRole('checkbox', { name: new RegExp(`^${tax.name as string} ·`) }).uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await office.getByRole('listitem', { name: 'Es & jus' }).getByText('No tax').waitFor();
    const renamed = (await list()).find((c) => c.id === added.id)!;
    expect(renamed).toMatchObject({ name: 'Es & jus', taxRateIds: [], archived: false });
    await office.getByRole('button', { name: 'Remove Es & jus' }).click();
    await office.getByRole('listitem', { name: 'Es & jus' }).waitFor({ state: 'detached' });
    expect(
      ((await get('/v1/catalog/categories?limit=200')).items as Category[]).find((c) => c.id === added.id)
        ?.archived,
    ).toBe(true);

    // Restored from the archived categories: back on the list, live again.
    await office.getByText(/^Archived categories/).click();
    await office.getByRole('button', { name: 'Restore Es & jus' }).click();
    await office.getByRole('listitem', { name: 'Es & jus' }).waitFor();
    expect((await list()).some((c) => c.id === added.id)).toBe(true);
  });

  it('a person’s name, outlets and PIN are changed in place', async () => {
    await officeSection(office, 'Staff');
    const person = DEMO.cashiers[0];
    await office.getByRole('button', { name: `Edit ${person.name}` }).click();
    const form = office.getByRole('form', { name: `Edit ${person.name}` });
    const outlet = server.demo.outlets[0]!;
    await form.getByLabel('Name').fill(`${person.name} Lestari`);
    await form.getByRole('checkbox', { name: outlet.name }).check();
    await form.getByLabel('New PIN (4–8 digits)').fill('97531');
    await form.getByRole('button', { name: 'Save' }).click();
    await office.getByRole('form', { name: 'Add staff' }).waitFor();
    await office.getByText(`${person.name} Lestari`, { exact: true }).waitFor();
    const member = (
      (await get('/v1/staff?limit=100')).items as Array<{
        id: string;
        displayName: string;
        outletIds: string[] | null;
        hasPin: boolean;
      }>
    ).find((m) => m.displayName === `${person.name} Lestari`)!;
    expect(member.outletIds).toEqual([outlet.id]);
    // The new PIN signs the person in at a register of that outlet (and the old one no longer does).
    const code = await api(
      server.url,
      owner,
      'POST',
      `/v1/registers/${outlet.registers[0]!.id}/pairing-codes`,
    );
    const paired = await api(server.url, null, 'POST', '/v1/devices/pair', {
      code: code.body.code,
      name: 'Test',
    });
    const pin = (value: string) =>
      fetch(`${server.url}/v1/auth/pin`, {
        method: 'POST',
        headers: { authorization: `Bearer ${paired.body.deviceToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ membershipId: member.id, pin: value }),
      }).then((r) => r.status);
    expect(await pin('97531')).toBe(200);
    expect(await pin(person.pin)).toBe(401);
    await officeShots(office, 'office-edit-02-staff');
  });

  it('an outlet gets its own time zone, and a register is renamed', async () => {
    await officeSection(office, 'Registers', 'Outlets and registers');
    const outlet = server.demo.outlets[1] ?? server.demo.outlets[0]!;
    await office.getByRole('button', { name: `Edit ${outlet.name}` }).click();
    const form = office.getByRole('form', { name: `Edit ${outlet.name}` });
    await form.getByLabel('Address').fill('Jl. Braga 12');
    await form.getByLabel('Time zone').selectOption('Asia/Makassar');
    await form.getByRole('button', { name: 'Save' }).click();
    await office.getByText('Jl. Braga 12 · Asia/Makassar').waitFor();
    const stored = await get(`/v1/outlets/${outlet.id}`);
    expect(stored).toMatchObject({ address: 'Jl. Braga 12', timezone: 'Asia/Makassar' });

    const register = outlet.registers[0]!;
    const region = office.getByRole('region', { name: outlet.name });
    const row = region.getByRole('listitem', { name: register.name });
    await row.getByRole('button', { name: `Rename ${register.name}` }).click();
    await row.getByLabel('Register name').fill('Front counter');
    await row.getByRole('button', { name: 'Save' }).click();
    await region.getByRole('listitem', { name: 'Front counter' }).waitFor();
    expect((await get(`/v1/registers?outletId=${outlet.id}`)).items).toContainEqual(
      expect.objectContaining({ id: register.id, name: 'Front counter' }),
    );
    await officeShots(office, 'office-edit-03-registers');
  });

  it('settlements: a QRIS sale and a card sale show as GET /v1/reports/settlements reports them', async () => {
    const outlet = server.demo.outlets[0]!;
    const menu = await get(`/v1/catalog/menu?outletId=${outlet.id}`);
    const item = (
      menu.items as Array<{ id: string; modifierGroupIds: string[]; variants: Array<{ id: string }> }>
    ).find((i) => i.modifierGroupIds.length === 0)!;
    const line = { itemId: item.id, variantId: item.variants[0]!.id, quantity: 2 };
    const order = await api(server.url, owner, 'POST', '/v1/orders', {
      outletId: outlet.id,
      registerId: outlet.registers[0]!.id,
      diningOption: 'takeaway',
      lines: [line],
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const qris = await api(server.url, owner, 'POST', `/v1/orders/${order.body.id}/payments`, {
      method: 'gateway',
      gateway: 'midtrans',
      channel: 'qris',
      completeOrder: true,
    });
    expect(qris.status, JSON.stringify(qris.body)).toBe(201);
    await server.sims.midtrans.pay(qris.body.gatewayRef as string);
    expect(
      await pollUntil(
        async () => (await get(`/v1/payments/${qris.body.id}`)).status as string,
        (s) => s === 'completed',
      ),
    ).toBe('completed');
    const card = await api(server.url, owner, 'POST', '/v1/sales', {
      outletId: outlet.id,
      registerId: outlet.registers[0]!.id,
      diningOption: 'takeaway',
      lines: [line],
      payments: [{ method: 'card', card: { brand: 'visa', last4: '4242' } }],
    });
    expect(card.status, JSON.stringify(card.body)).toBe(201);

    // The business day in the demo's timezone (Asia/Jakarta, UTC+7): after 17:00 UTC it is tomorrow there.
    const today = businessDay('Asia/Jakarta');
    const report = await get(`/v1/reports/settlements?from=${today}&to=${today}`);
    const gateway = (
      report.rows as Array<{ key: string; label: string; current: Record<string, number> }>
    ).find((r) => r.key === 'gateway:midtrans')!;
    expect(gateway.current.payments).toBe(1);
    expect(gateway.current.processingFees).toBeGreaterThan(0);

    await officeSection(office, 'Reports');
    await office.getByLabel('Report').selectOption('settlements');
    await office.getByLabel('From').fill(today);
    await office.getByLabel('To').fill(today);
    await office.getByRole('button', { name: 'Show' }).click();
    const table = office.getByRole('table', { name: 'Settlements' });
    const row = table.getByRole('row', {
      name: new RegExp(`^${gateway.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    });
    // Each change of report or period loads anew: poll until the screen shows the asked period.
    const f = gateway.current;
    const footer = table.locator('tfoot tr').getByRole('cell');
    await expect
      .poll(async () => [
        ...(await row.getByRole('cell').allTextContents()).slice(0, 6),
        (await footer.allTextContents())[5],
      ])
      .toEqual([
        String(f.payments),
        rupiah(f.gross!),
        rupiah(f.tips!),
        rupiah(f.refunded!),
        rupiah(f.platformFees! + f.processingFees!),
        rupiah(f.net!),
        rupiah(report.current.net as number),
      ]);
    await officeShots(office, 'office-edit-04-settlements');
  });

  it('a slow answer for an earlier period never replaces the newer one on Reports', async () => {
    const today = businessDay('Asia/Jakarta');
    const day = (n: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const report = await get(`/v1/reports/settlements?from=${day(-2)}&to=${today}`);
    expect(report.current.payments).toBeGreaterThan(0); // the sales above are today's

    // The period that ends yesterday (no sales) answers late; every other answers at once.
    let slowDone!: () => void;
    const slow = new Promise<void>((resolve) => (slowDone = resolve));
    await office.route(/\/v1\/reports\/settlements\?/, async (route) => {
      if (new URL(route.request().url()).searchParams.get('to') !== today) {
        await new Promise((r) => setTimeout(r, 1500));
        await route.continue().finally(slowDone);
      } else {
        await route.continue();
      }
    });
    try {
      await officeSection(office, 'Reports');
      await office.getByLabel('Report').selectOption('settlements');
      await office.getByLabel('From').fill(day(-2));
      await office.getByLabel('To').fill(day(-1)); // loads, slowly
      await office.getByLabel('To').fill(today); // loads at once
      const footer = office.getByRole('table', { name: 'Settlements' }).locator('tfoot tr').getByRole('cell');
      await expect.poll(async () => (await footer.allTextContents())[5]).toBe(rupiah(report.current.net));
      await slow;
      await office.waitForTimeout(300); // the late answer has had its chance to render
      expect((await footer.allTextContents())[5]).toBe(rupiah(report.current.net));
      expect((await footer.allTextContents())[0]).toBe(String(report.current.payments));
    } finally {
      await office.unroute(/\/v1\/reports\/settlements\?/);
    }
  });

  it('the money rules (rounding, tax rounding, cash rounding) are set in Settings and a cash sale follows them', async () => {
    await officeSection(office, 'Settings');
    await office.getByRole('radio', { name: 'Business' }).click();
    const form = office.getByRole('form', { name: 'Rounding and cash' });
    const before = await get('/v1/tenant');
    expect(await form.getByRole('textbox', { name: /^Cash rounding/ }).inputValue()).toBe(
      String(before.cashRoundingIncrement / 100),
    );
    await form.getByRole('combobox', { name: /^Rounding/ }).selectOption('half_up');
    await form.getByLabel('Tax rounding').selectOption('line');
    await form.getByRole('textbox', { name: /^Cash rounding/ }).fill('500');
    await form.getByText(`Cash bills round to the nearest ${rupiah(50_000)}`).waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await get('/v1/tenant')).cashRoundingIncrement).toBe(50_000);
    expect(await get('/v1/tenant')).toMatchObject({ roundingMode: 'half_up', taxRounding: 'line' });
    await officeShots(office, 'office-edit-05-money-rules');

    // A cash sale now rounds to Rp 500, and Reports › Sales summary shows that rounding.
    const outlet = server.demo.outlets[0]!;
    const item = await api(server.url, owner, 'POST', '/v1/catalog/items', {
      name: 'Kue Ganjil',
      variants: [{ name: 'Regular', price: 1_234_500 }],
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const sale = await api(server.url, owner, 'POST', '/v1/sales', {
      outletId: outlet.id,
      registerId: outlet.registers[0]!.id,
      diningOption: 'takeaway',
      lines: [{ itemId: item.body.id, variantId: item.body.variants[0].id, quantity: 1 }],
      payments: [{ method: 'cash', tendered: 2_000_000 }],
    });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const paid = sale.body.payments[0] as { amount: number; rounding: number };
    expect(paid.rounding).not.toBe(0);
    expect((paid.amount + paid.rounding) % 50_000).toBe(0);

    const today = businessDay('Asia/Jakarta');
    const summary = await get(`/v1/reports/sales-summary?from=${today}&to=${today}`);
    await officeSection(office, 'Reports');
    await office.getByLabel('Report').selectOption('sales-summary');
    await office.getByLabel('From').fill(today);
    await office.getByLabel('To').fill(today);
    await office.getByRole('button', { name: 'Show' }).click();
    const headings = office.locator('table.data thead th');
    await expect.poll(async () => (await headings.allTextContents()).indexOf('Rounding')).toBeGreaterThan(0);
    const column = (await headings.allTextContents()).indexOf('Rounding');
    const totals = office.locator('table.data tfoot tr').first().locator('th, td');
    await expect
      .poll(async () => (await totals.allTextContents())[column])
      .toBe(rupiah(summary.current.rounding as number));
    // The figures reconcile to the ledger for those days, and the screen says so.
    const check = await get(`/v1/reports/check?from=${today}&to=${today}`);
    expect(check.ok).toBe(true);
    const days = check.daysChecked as number;
    await office
      .getByRole('status')
      .filter({
        hasText: `✓ Matches the ledger (${days} ${days === 1 ? 'outlet-day' : 'outlet-days'} checked)`,
      })
      .waitFor();
    await officeShots(office, 'office-edit-06-summary-rounding');
  });
});
