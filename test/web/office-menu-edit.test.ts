// The menu edited in full in the back office, in a real browser against the real server: an item's
// name, category, description, picture, own taxes and variants (renamed, repriced, added, removed);
// an item archived and restored; a modifier group's name, limits and options edited, a group
// archived and restored. Every change is read back through the API.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../support/images.ts';
import {
  api,
  DEMO,
  launchBrowser,
  login,
  officeSection,
  OFFICE_DESKTOP,
  officeShots,
  openOffice,
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

const get = async (url: string) => (await api(server.url, owner, 'GET', url)).body;

interface Variant {
  id: string;
  name: string;
  price: number;
  archived: boolean;
}
interface Item {
  id: string;
  name: string;
  categoryId: string | null;
  description: string | null;
  imageId: string | null;
  taxRateIds: string[];
  overrideCategoryTaxes: boolean;
  variants: Variant[];
  archived: boolean;
}
const items = async () => (await get('/v1/catalog/items?limit=200&includeArchived=true')).items as Item[];
const item = async (name: string) => (await items()).find((i) => i.name === name)!;

describe('office: the menu edited in full', { timeout: 150_000 }, () => {
  it('an item’s name, category, picture, taxes and variants are changed in its editor', async () => {
    const hotelTax = await api(server.url, owner, 'POST', '/v1/catalog/tax-rates', {
      name: 'Pajak Hotel',
      ratePpm: 110_000,
      inclusive: false,
    });
    expect(hotelTax.status).toBe(201);
    const categories = (await get('/v1/catalog/categories?limit=200')).items as Array<{
      id: string;
      name: string;
    }>;
    const food = categories.find((c) => c.name === 'Makanan')!;
    const before = await item('Es Teh Manis');

    await officeSection(office, 'Menu');
    await office.getByRole('button', { name: 'Edit Es Teh Manis' }).click();
    const editor = office.getByRole('form', { name: 'Edit Es Teh Manis' });
    expect(await editor.getByLabel('Name', { exact: true }).inputValue()).toBe('Es Teh Manis');
    await editor.getByText('Taxes of its category: PB1 10%').waitFor();
    await editor.getByLabel('Name', { exact: true }).fill('Es Teh Tarik');
    await editor.getByLabel(/^Category/).selectOption({ label: 'Makanan' });
    await editor.getByLabel('Description (optional)').fill('Teh tarik dingin, manis pas');
    await editor.getByLabel('Picture of Es Teh Manis').setInputFiles({
      name: 'teh.png',
      mimeType: 'image/png',
      buffer: pngImage(160, 120, [160, 90, 30], [240, 220, 180]),
    });
    await editor.locator('img').waitFor();
    await editor.getByRole('checkbox', { name: 'Its own taxes instead of the category’s' }).check();
    await editor.getByRole('checkbox', { name: 'Pajak Hotel · 11%' }).check();
    await editor.getByLabel('Name of variant 1').fill('Regular');
    await editor.getByLabel('Price of variant 1').fill('9000');
    await editor.getByRole('button', { name: '+ Add a variant' }).click();
    await editor.getByLabel('Name of variant 2').fill('Jumbo');
    await editor.getByLabel('Price of variant 2').fill('12500');
    await officeShots(office, 'office-menu-edit-01-item');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.waitFor({ state: 'detached' });

    const row = office.getByRole('form', { name: 'Es Teh Tarik' });
    await row.getByLabel('Price of Es Teh Tarik Jumbo').waitFor();
    expect(await row.getByLabel('Price of Es Teh Tarik Regular').inputValue()).toBe('9000');
    const saved = await item('Es Teh Tarik');
    expect(saved).toMatchObject({
      id: before.id,
      categoryId: food.id,
      description: 'Teh tarik dingin, manis pas',
      overrideCategoryTaxes: true,
      taxRateIds: [hotelTax.body.id],
      archived: false,
    });
    expect(saved.imageId).not.toBeNull();
    expect(saved.variants.filter((v) => !v.archived).map((v) => [v.id, v.name, v.price])).toEqual([
      [before.variants[0]!.id, 'Regular', 900_000],
      [expect.any(String), 'Jumbo', 1_250_000],
    ]);

    // Removing a variant archives it (old sales keep its name); the other stays.
    await office.getByRole('button', { name: 'Edit Es Teh Tarik' }).click();
    const again = office.getByRole('form', { name: 'Edit Es Teh Tarik' });
    await again.getByRole('button', { name: 'Remove variant 1' }).click();
    await expect.poll(() => again.getByRole('button', { name: 'Remove variant 1' }).isDisabled()).toBe(true);
    await again.getByRole('button', { name: 'Save changes' }).click();
    await again.waitFor({ state: 'detached' });
    await office.getByLabel('Price of Es Teh Tarik', { exact: true }).waitFor();
    const trimmed = await item('Es Teh Tarik');
    expect(trimmed.variants.map((v) => [v.name, v.archived])).toEqual([
      ['Regular', true],
      ['Jumbo', false],
    ]);
  });

  it('an item is archived off the registers and restored', async () => {
    await office.getByRole('button', { name: 'Edit Sate Ayam (10 tusuk)' }).click();
    const editor = office.getByRole('form', { name: 'Edit Sate Ayam (10 tusuk)' });
    await editor.getByRole('button', { name: 'Archive item' }).click();
    await editor.waitFor({ state: 'detached' });
    await office.getByRole('form', { name: 'Sate Ayam (10 tusuk)' }).waitFor({ state: 'detached' });
    expect((await item('Sate Ayam (10 tusuk)')).archived).toBe(true);
    const outlet = server.demo.outlets[0]!;
    const menu = await get(`/v1/catalog/menu?outletId=${outlet.id}`);
    expect((menu.items as Item[]).some((i) => i.name === 'Sate Ayam (10 tusuk)')).toBe(false);

    await office.getByText('Archived items (1)').click();
    await officeShots(office, 'office-menu-edit-02-archived');
    await office.getByRole('button', { name: 'Restore Sate Ayam (10 tusuk)' }).click();
    await office.getByRole('form', { name: 'Sate Ayam (10 tusuk)' }).waitFor();
    expect((await item('Sate Ayam (10 tusuk)')).archived).toBe(false);
  });

  it('a modifier group’s name, limits and options are edited; a group is archived and restored', async () => {
    interface Group {
      id: string;
      name: string;
      minSelect: number;
      maxSelect: number | null;
      options: Array<{ id: string; name: string; price: number; archived: boolean }>;
      archived: boolean;
    }
    const groups = async () => (await get('/v1/catalog/modifier-groups?limit=200')).items as Group[];
    const before = (await groups()).find((g) => g.name === 'Tambahan')!;

    const region = office.getByRole('region', { name: 'Modifier groups' });
    await region.getByRole('button', { name: 'Edit Tambahan' }).click();
    const editor = office.getByRole('form', { name: 'Edit Tambahan' });
    expect(await editor.getByLabel('Extra price of option 2').inputValue()).toBe('6000');
    await editor.getByLabel('Name', { exact: true }).fill('Topping');
    await editor.getByLabel('At most').fill('3');
    await editor.getByLabel('Extra price of option 2').fill('7000');
    await editor.getByRole('button', { name: '+ Add an option' }).click();
    await editor.getByLabel('Name of option 3').fill('Jelly');
    await editor.getByLabel('Extra price of option 3').fill('4000');
    await editor.getByRole('button', { name: 'Remove option 1' }).click();
    await editor.getByText('up to 3').waitFor();
    await officeShots(office, 'office-menu-edit-03-group');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.waitFor({ state: 'detached' });
    await region.getByRole('listitem', { name: 'Topping' }).getByText('up to 3').waitFor();

    const saved = (await groups()).find((g) => g.id === before.id)!;
    expect(saved).toMatchObject({ name: 'Topping', minSelect: 0, maxSelect: 3, archived: false });
    // Live options in the order shown; the removed one archived (old sales keep its name).
    expect(saved.options.filter((o) => !o.archived).map((o) => [o.name, o.price])).toEqual([
      ['Boba', 700_000],
      ['Jelly', 400_000],
    ]);
    expect(saved.options.find((o) => o.name === 'Extra shot')?.archived).toBe(true);

    await region.getByRole('button', { name: 'Edit Topping' }).click();
    const archive = office.getByRole('form', { name: 'Edit Topping' });
    await archive.getByRole('button', { name: 'Archive group' }).click();
    await archive.waitFor({ state: 'detached' });
    await region.getByRole('listitem', { name: 'Topping' }).waitFor({ state: 'detached' });
    expect((await groups()).find((g) => g.id === before.id)!.archived).toBe(true);
    await region.getByText('Archived groups (1)').click();
    await region.getByRole('button', { name: 'Restore Topping' }).click();
    await region.getByRole('listitem', { name: 'Topping' }).getByText('up to 3').waitFor();
    expect((await groups()).find((g) => g.id === before.id)!.archived).toBe(false);
  });
});
