// Issue 16's back office in a real browser against the real server (see support.ts): the owner
// signs in → creates a stock item (bought in a named pack) → writes a recipe for a menu item →
// orders it from a supplier and receives the order in two parts → does a blind count on a tablet →
// the levels the screen shows are the API's. Then the must-show: with negative stock blocked, the
// last portion sold on one register marks the dish sold out on another register, live.
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

const DESKTOP = { width: 1440, height: 900 };
const TABLET_PORTRAIT_ISH = { width: 1024, height: 768 };

let server: WebServer;
let browser: Browser;
let owner: string;
let office: Page;
let outlet: { id: string; name: string; registers: { id: string; name: string }[] };
let dish: { id: string; name: string };
let tempeId: string;

interface Level {
  stockItemId: string;
  name: string;
  qty: number;
  display: string;
  stockUnit: string;
  value: number;
}
const levelsAt = async (outletId: string): Promise<Level[]> =>
  (await api(server.url, owner, 'GET', `/v1/inventory/levels?outletId=${outletId}&limit=500`)).body.items;

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  outlet = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
  // The dish the owner will write a recipe for: on the menu, no recipe yet.
  const created = await api(server.url, owner, 'POST', '/v1/catalog/items', {
    name: 'Tempe Mendoan',
    variants: [{ name: 'Regular', price: 1_500_000 }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  dish = created.body;
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', deviceScaleFactor: 1 });
  office = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The office's inventory section at the outlet, on one pane. */
async function pane(name: string): Promise<void> {
  await office.getByRole('radiogroup', { name: 'Inventory sections' }).getByRole('radio', { name }).click();
}

describe('office inventory', { timeout: 150_000 }, () => {
  it('stock item → recipe → purchase order received in parts → blind count; the screen shows the API’s levels', async () => {
    await office.goto(`${server.url}/office/`);
    await office.getByLabel('Email').fill(DEMO.owner.email);
    await office.getByLabel('Password').fill(DEMO.password);
    await office.getByRole('button', { name: 'Sign in' }).click();
    await office.getByRole('heading', { name: /^Today/ }).waitFor();
    await office
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Inventory' })
      .click();
    await office.getByRole('heading', { name: 'Inventory', level: 1 }).waitFor();
    await office.getByLabel('Stock at', { exact: true }).selectOption(outlet.id);
    await office.getByRole('heading', { name: `Stock at ${outlet.name}` }).waitFor();
    await office.getByRole('row', { name: 'Beras' }).waitFor();
    await shot(office, 'inv-01-levels');

    // A stock item weighed in kg, bought by the board ("papan") of 0.5 kg.
    await office.getByRole('button', { name: '+ New stock item' }).click();
    const form = office
      .getByRole('dialog', { name: 'New stock item' })
      .getByRole('form', { name: 'New stock item' });
    await form.getByLabel('Name').fill('Tempe');
    await form.getByLabel('Measured by').selectOption('mass');
    await form.getByLabel('Stock unit (levels shown in)').selectOption('kg');
    await form.getByLabel('Bought in').selectOption({ label: 'A pack (sack, case, crate…)' });
    await form.getByLabel('Pack name').fill('papan');
    await form.getByLabel('Pack size', { exact: true }).fill('0.5');
    await form.getByLabel('Unit of Pack size').selectOption('kg');
    await shot(office, 'inv-02-new-item');
    await form.getByRole('button', { name: 'Add stock item' }).click();
    await office.getByRole('row', { name: 'Tempe' }).getByText('bought in papan of 0.5 kg').waitFor();
    const items = (await api(server.url, owner, 'GET', '/v1/inventory/items?limit=500')).body.items as Array<{
      id: string;
      name: string;
      purchaseUnit: string;
      purchaseUnitQty: number;
      stockUnit: string;
    }>;
    const tempe = items.find((i) => i.name === 'Tempe')!;
    expect(tempe).toMatchObject({ purchaseUnit: 'papan', purchaseUnitQty: 500_000, stockUnit: 'kg' });
    tempeId = tempe.id;

    // The recipe: 100 g of tempe per portion, 90 % usable after trimming.
    await pane('Recipes');
    await office.getByRole('button', { name: 'Recipe of Tempe Mendoan' }).click();
    const editor = office.getByRole('form', { name: 'Recipe: Tempe Mendoan' });
    await editor.getByRole('button', { name: '+ Add ingredient' }).click();
    await editor.getByLabel('Ingredient 1', { exact: true }).selectOption({ label: 'Tempe' });
    await editor.getByLabel('Amount of ingredient 1', { exact: true }).fill('100');
    await editor.getByLabel('Yield (%)').fill('90');
    await editor.getByRole('button', { name: 'Save as new version' }).click();
    await office.getByRole('region', { name: 'Versions' }).getByText('Version 1').waitFor();
    const recipes = await api(server.url, owner, 'GET', `/v1/inventory/recipes?targetId=${dish.id}`);
    expect(recipes.body.items).toHaveLength(1);
    expect(recipes.body.items[0]).toMatchObject({
      targetType: 'item',
      version: 1,
      yieldBp: 9000,
      lines: [{ stockItemId: tempeId, qty: 100_000 }],
    });

    // A supplier and a purchase order of 10 boards for Rp 50.000: sent, then received 6 + 4.
    await pane('Purchasing');
    const supplier = office.getByRole('form', { name: 'New supplier' });
    await supplier.getByLabel('Supplier name').fill('Pak Slamet');
    await supplier.getByLabel('Phone').fill('0812 1111 2222');
    await supplier.getByRole('button', { name: 'Add supplier' }).click();
    await office.getByRole('region', { name: 'Suppliers' }).getByText('Pak Slamet').waitFor();
    const po = office.getByRole('form', { name: 'New purchase order' });
    await po.getByLabel('Supplier').selectOption({ label: 'Pak Slamet' });
    await po.getByLabel('Item of line 1').selectOption({ label: 'Tempe' });
    await po.getByLabel('Quantity of line 1', { exact: true }).fill('10');
    expect(await po.getByLabel('Unit of Quantity of line 1').inputValue()).toBe('papan');
    await po.getByLabel('Cost of line 1').fill('50000');
    await po.getByRole('button', { name: 'Create draft' }).click();
    const detail = office.getByRole('region', { name: 'Order from Pak Slamet' });
    await detail.getByText('Draft').waitFor();
    await detail.getByRole('button', { name: 'Mark as sent' }).click();
    await detail.getByRole('button', { name: 'Receive typed quantities' }).waitFor();
    await detail.getByLabel('Receive quantity of Tempe').fill('6');
    await detail.getByLabel('Actual cost of Tempe').fill('31000');
    await shot(office, 'inv-03-receiving');
    await detail.getByRole('button', { name: 'Receive typed quantities' }).click();
    await detail.getByText('Partly received').waitFor();
    await detail.getByRole('button', { name: 'Receive everything' }).click();
    await detail.getByRole('button', { name: 'Receive everything' }).waitFor({ state: 'detached' });
    await detail.locator('.chip', { hasText: 'Received' }).waitFor();
    await shot(office, 'inv-04-received');
    const orders = (
      await api(server.url, owner, 'GET', `/v1/inventory/purchase-orders?outletId=${outlet.id}`)
    ).body.items;
    expect(orders[0]).toMatchObject({ status: 'received', supplierName: 'Pak Slamet' });
    expect(orders[0].lines[0]).toMatchObject({ qtyOrdered: 5_000_000, qtyReceived: 5_000_000 });
    let tempeLevel = (await levelsAt(outlet.id)).find((l) => l.stockItemId === tempeId)!;
    // 6 boards at the Rp 31.000 paid, 4 at their share of the Rp 50.000 ordered.
    expect(tempeLevel).toMatchObject({ qty: 5_000_000, value: 3_100_000 + 2_000_000 });

    // The recipe's cost per portion at that average, and the margin against Rp 15.000.
    await pane('Recipes');
    await office.getByRole('button', { name: 'Recipe of Tempe Mendoan' }).click();
    const usage = Math.round((100_000 * 10_000) / 9_000); // 111.111 g per portion
    const portion = Math.round((tempeLevel.value * usage) / tempeLevel.qty);
    await expect.poll(() => office.getByTestId('portion-cost').textContent()).toBe(rupiah(portion));
    await office.getByText(`margin ${rupiah(1_500_000 - portion)}`).waitFor();
    await shot(office, 'inv-05-recipe');

    // The blind count, on a tablet: the book level is nowhere on the sheet.
    await office.setViewportSize(TABLET_PORTRAIT_ISH);
    await pane('Stock count');
    const sheet = office.getByRole('form', { name: `Stock count at ${outlet.name}` });
    await sheet.getByLabel('Tempe', { exact: true }).waitFor();
    // Tempe's row holds its name, an empty field and its units: no number at all.
    const tempeRow = sheet.locator('.count-row', { hasText: /^Tempe/ });
    expect(await tempeRow.textContent()).toBe('Tempemggkgpapan');
    expect(await tempeRow.getByRole('textbox').inputValue()).toBe('');
    await sheet.getByLabel('Tempe', { exact: true }).fill('4.5');
    await sheet.getByLabel('Beras', { exact: true }).fill('40');
    await shot(office, 'inv-06-count-sheet-tablet');
    await sheet.getByRole('button', { name: 'Submit count' }).click();
    const result = office.getByRole('table', { name: `Count at ${outlet.name} recorded` });
    await result.waitFor();
    await result.getByRole('row', { name: 'Tempe' }).getByText('-0.5 kg').waitFor();
    await shot(office, 'inv-07-count-result-tablet');
    tempeLevel = (await levelsAt(outlet.id)).find((l) => l.stockItemId === tempeId)!;
    expect(tempeLevel.qty).toBe(4_500_000);
    const beras = (await levelsAt(outlet.id)).find((l) => l.name === 'Beras')!;
    expect(beras.qty).toBe(40_000_000);

    // Every level the screen shows is the API's.
    await office.setViewportSize(DESKTOP);
    await pane('Stock levels');
    await office.getByRole('row', { name: 'Tempe' }).waitFor();
    const levels = await levelsAt(outlet.id);
    const shown = () =>
      Promise.all(
        levels.map(async (l) => {
          const row = office.getByRole('row', { name: l.name, exact: true });
          return [
            l.name,
            await row.locator('td.qty').textContent(),
            await row.locator('td').nth(4).textContent(),
          ];
        }),
      );
    // Polled: the pane may show the levels it had until its reload after the count lands.
    await expect
      .poll(shown)
      .toEqual(levels.map((l) => [l.name, `${l.display} ${l.stockUnit}`, rupiah(l.value)]));
    await shot(office, 'inv-08-levels-after');

    // Waste from the row's quick action, with a reason.
    await office.getByRole('button', { name: 'Waste of Tempe' }).click();
    const waste = office.getByRole('dialog', { name: 'Record waste of Tempe' });
    await waste.getByLabel('Quantity', { exact: true }).fill('300');
    await waste.getByLabel('Unit of Quantity').selectOption('g');
    await waste.getByText('Spoiled').click();
    await shot(office, 'inv-09-waste');
    await waste.getByRole('button', { name: 'Record waste' }).click();
    await waste.waitFor({ state: 'hidden' });
    await office.getByRole('row', { name: 'Tempe' }).getByText('4.2 kg').waitFor();
    const moves = (
      await api(
        server.url,
        owner,
        'GET',
        `/v1/inventory/movements?outletId=${outlet.id}&stockItemId=${tempeId}`,
      )
    ).body.items;
    expect(moves[0]).toMatchObject({ reason: 'waste', qtyDelta: -300_000, note: 'Spoiled' });
    expect(moves.map((m: { reason: string }) => m.reason)).toEqual([
      'waste',
      'count',
      'receiving',
      'receiving',
    ]);

    // A reorder level above what is left: the row is highlighted low, as the API says.
    await office.getByRole('button', { name: 'Edit Tempe' }).click();
    const edit = office.getByRole('dialog', { name: 'Edit Tempe' });
    await edit.getByLabel('Reorder level at this outlet (empty: none)', { exact: true }).fill('5');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await office.getByRole('row', { name: 'Tempe' }).getByText('Low', { exact: true }).waitFor();
    expect((await levelsAt(outlet.id)).find((l) => l.stockItemId === tempeId)).toMatchObject({
      reorderLevel: 5_000_000,
      low: true,
    });
    await shot(office, 'inv-09b-low');

    await pane('Cost & margin');
    await office.getByRole('heading', { name: `Stock value at ${outlet.name}` }).waitFor();
    await shot(office, 'inv-10-costs');
  });

  it('negative stock blocked: the last portion sold on one register shows the dish sold out on another, live', async () => {
    // The outlet blocks negative stock (in the office), and a count leaves one portion of tempe.
    await pane('Stock levels');
    const block = office.getByRole('checkbox', { name: 'Block sales below zero and mark dishes sold out' });
    await expect.poll(() => block.isEnabled()).toBe(true);
    await block.check();
    await expect
      .poll(
        async () => (await api(server.url, owner, 'GET', `/v1/outlets/${outlet.id}/inventory-settings`)).body,
      )
      .toMatchObject({ negativeStock: 'block' });
    await pane('Stock count');
    const sheet = office.getByRole('form', { name: `Stock count at ${outlet.name}` });
    await sheet.getByLabel('Tempe', { exact: true }).fill('200');
    await sheet.getByLabel('Unit of Tempe').selectOption('g');
    await sheet.getByRole('button', { name: 'Submit count' }).click();
    await office.getByRole('table', { name: `Count at ${outlet.name} recorded` }).waitFor();

    // Two registers at the outlet: one sells, the other only watches its menu.
    const seller = (await newRegister(browser, server.url)).page;
    await pairWithCode(seller, server.url, outlet.registers[0]!.id);
    await seller.getByRole('heading', { name: 'Who is selling?' }).waitFor();
    await signInByPin(seller, 'Ani', DEMO.cashiers[0].pin);
    const watcher = (await newRegister(browser, server.url)).page;
    await pairWithCode(watcher, server.url, outlet.registers[1]!.id);
    await watcher.getByRole('heading', { name: 'Who is selling?' }).waitFor();
    await signInByPin(watcher, 'Dewi', DEMO.cashiers[1].pin);
    await watcher.getByText('Online').waitFor();
    const tile = (page: Page) => page.getByRole('button', { name: /^Tempe Mendoan/ });
    expect(await tile(watcher).isDisabled()).toBe(false);
    expect(await tile(watcher).getAttribute('aria-label')).not.toMatch(/Sold out/);

    // The last portion: 111.111 g of the 200 g; what is left cannot make another.
    await tile(seller).click();
    await seller.getByRole('button', { name: /^Pay/ }).click();
    await seller
      .getByRole('dialog', { name: 'Payment' })
      .getByRole('button', { name: /^Exact cash/ })
      .click();
    await shot(seller, 'inv-11-seller-paid');
    await seller.getByRole('article', { name: /^Order #/ }).waitFor(); // the receipt: paid, completed
    // The receipt stays up on the seller (its total is the server's), the watcher greys the dish.
    await expect.poll(() => tile(watcher).isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await tile(watcher).getAttribute('aria-label')).toMatch(/Sold out/);
    await seller
      .getByRole('dialog', { name: 'Payment complete' })
      .getByRole('button', { name: 'New sale' })
      .click();
    await expect.poll(() => tile(seller).isDisabled(), { timeout: 15_000 }).toBe(true);
    await shot(watcher, 'inv-12-register-sold-out-live');
    const level = (await levelsAt(outlet.id)).find((l) => l.stockItemId === tempeId)!;
    expect(level.qty).toBe(200_000 - 111_111);
    const menu = (await api(server.url, owner, 'GET', `/v1/catalog/menu?outletId=${outlet.id}`)).body;
    expect(menu.items.find((i: { id: string }) => i.id === dish.id).soldOut).toBe(true);

    // Stock back (a delivery received): the dish returns on the register by itself.
    await pane('Stock levels');
    await office.getByRole('button', { name: 'Adjust Tempe' }).click();
    const adjust = office.getByRole('dialog', { name: 'Adjust Tempe' });
    await adjust.getByLabel('Quantity', { exact: true }).fill('1');
    await adjust.getByLabel('Unit of Quantity').selectOption('kg');
    await adjust.getByText('Found').click();
    await adjust.getByRole('button', { name: 'Save adjustment' }).click();
    await adjust.waitFor({ state: 'hidden' });
    await expect.poll(() => tile(watcher).isDisabled(), { timeout: 15_000 }).toBe(false);

    // The sale's cost of goods, as stored at sale time, in the margin report.
    await pane('Cost & margin');
    const margins = (
      await api(server.url, owner, 'GET', `/v1/inventory/margins?outletId=${outlet.id}&by=item`)
    ).body.rows.find((r: { id: string }) => r.id === dish.id);
    expect(margins).toMatchObject({ quantity: 1, revenue: 1_500_000 });
    expect(margins.cost).toBeGreaterThan(0);
    const marginRow = office
      .getByRole('table', { name: 'Gross margin' })
      .getByRole('row', { name: /Tempe Mendoan/ });
    await expect.poll(() => marginRow.locator('td').nth(3).textContent()).toBe(rupiah(margins.cost));
    await shot(office, 'inv-13-margins');

    // A transfer: 1 kg of tempe leaves Kemang (in transit), Bandung receives it at the same cost.
    const bandung = server.demo.outlets.find((o) => o.id !== outlet.id)!;
    await pane('Transfers');
    const send = office.getByRole('form', { name: 'Send stock to another outlet' });
    await send.getByLabel('To outlet').selectOption(bandung.id);
    await send.getByLabel('Item of line 1').selectOption({ label: 'Tempe' });
    await send.getByLabel('Quantity of line 1', { exact: true }).fill('1');
    await send.getByLabel('Unit of Quantity of line 1').selectOption('kg');
    await send.getByRole('button', { name: 'Send', exact: true }).click();
    await office
      .getByRole('row', { name: `${outlet.name} → ${bandung.name}` })
      .getByText('In transit')
      .waitFor();
    await office.getByLabel('Stock at', { exact: true }).selectOption(bandung.id);
    await pane('Transfers');
    await office.getByRole('button', { name: `Receive the transfer from ${outlet.name}` }).click();
    await office
      .getByRole('row', { name: `${outlet.name} → ${bandung.name}` })
      .getByText('Received')
      .waitFor();
    await shot(office, 'inv-14-transfer-received');
    const arrived = (await levelsAt(bandung.id)).find((l) => l.stockItemId === tempeId)!;
    expect(arrived.qty).toBe(1_000_000);
    const transfers = (await api(server.url, owner, 'GET', `/v1/inventory/transfers?outletId=${bandung.id}`))
      .body.items;
    expect(transfers[0]).toMatchObject({ status: 'received', value: arrived.value });
    await seller.context().close();
    await watcher.context().close();
  });
});
