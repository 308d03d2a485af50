// Floor and kitchen set up in the back office, in a real browser against the real server: a floor
// added and renamed, a table added, edited, dragged and nudged into place and removed; a kitchen
// station added and edited, a category routed to it, an item sent elsewhere on a course and back.
// Every change is read back through the API.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../support/poll.ts';
import {
  api,
  DEMO,
  launchBrowser,
  login,
  officeSection,
  OFFICE_DESKTOP,
  officeShots,
  shot,
  openOffice,
  startWebServer,
  type WebServer,
} from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let office: Page;
let outlet: { id: string; name: string };

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  office = await openOffice(browser, server.url, OFFICE_DESKTOP);
  // The demo's floors are at one outlet: set that one up.
  for (const o of server.demo.outlets) {
    const plan = await get(`/v1/outlets/${o.id}/floor-plan`);
    if ((plan.floors as unknown[]).length > 0) {
      outlet = o;
      break;
    }
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function get(url: string) {
  return (await api(server.url, owner, 'GET', url)).body;
}

interface Table {
  id: string;
  name: string;
  seats: number;
  shape: string;
  x: number;
  y: number;
}
interface Floor {
  id: string;
  name: string;
  tables: Table[];
}
const floors = async () => (await get(`/v1/outlets/${outlet.id}/floor-plan`)).floors as Floor[];

describe('office: the floor plan and the kitchen', { timeout: 150_000 }, () => {
  it('a floor is added and renamed; a table is added, edited, dragged, nudged and removed', async () => {
    await office.getByLabel('Outlet', { exact: true }).selectOption(outlet.id);
    await officeSection(office, 'Floor & kitchen');
    await office
      .getByRole('group', { name: 'Plan of Dalam' })
      .getByRole('button', { name: /^Table Meja 1,/ })
      .waitFor();

    const newFloor = office.getByRole('form', { name: 'New floor' });
    await newFloor.getByLabel('Floor name').fill('Rooftop');
    await newFloor.getByRole('button', { name: 'Add floor' }).click();
    await office
      .getByRole('radio', { name: 'Rooftop' })
      .and(office.locator('[aria-checked="true"]'))
      .waitFor();
    expect((await floors()).map((f) => f.name)).toEqual(['Dalam', 'Teras', 'Rooftop']);

    const newTable = office.getByRole('form', { name: 'New table on Rooftop' });
    await newTable.getByLabel('Table name').fill('R1');
    await newTable.getByLabel('Seats').fill('2');
    await newTable.getByLabel('Shape').selectOption({ label: 'Round' });
    await newTable.getByRole('button', { name: 'Add table' }).click();
    const form = office.getByRole('form', { name: 'Table R1' });
    await form.getByLabel('Table name').fill('Rooftop 1');
    await form.getByLabel('Seats').fill('3');
    await form.getByRole('button', { name: 'Save' }).click();
    const plan = office.getByRole('group', { name: 'Plan of Rooftop' });
    const tile = plan.getByRole('button', { name: 'Table Rooftop 1, 3 seats' });
    await tile.waitFor();
    const rooftop = async () => (await floors()).find((f) => f.name.startsWith('Rooftop'))!;
    const [created] = (await rooftop()).tables;
    expect(created).toMatchObject({ name: 'Rooftop 1', seats: 3, shape: 'round', x: 60, y: 60 });

    // Dragged on the canvas: the stored position moves right and down (snapped to 10 units).
    const box = (await tile.boundingBox())!;
    await office.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await office.mouse.down();
    await office.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 8 });
    await office.mouse.up();
    const dragged = await pollUntil(
      async () => (await rooftop()).tables[0]!,
      (t) => t.x > 60 && t.y > 60,
      10_000,
    );
    expect(dragged.x).toBeGreaterThan(60);
    expect(dragged.y).toBeGreaterThan(60);
    expect(dragged.x % 10).toBe(0);
    expect(dragged.y % 10).toBe(0);
    // Nudged with the arrow keys, 10 units a press.
    await tile.focus();
    await office.keyboard.press('ArrowLeft');
    const nudged = await pollUntil(
      async () => (await rooftop()).tables[0]!,
      (t) => t.x === dragged.x - 10,
      10_000,
    );
    expect([nudged.x, nudged.y]).toEqual([dragged.x - 10, dragged.y]);
    await office.getByText(`At ${dragged.x - 10}, ${dragged.y} on the plan`).waitFor();

    const floorForm = office.getByRole('form', { name: 'Floor Rooftop' });
    await floorForm.getByLabel('Floor name').fill('Rooftop Bar');
    await floorForm.getByRole('button', { name: 'Save' }).click();
    await office.getByRole('radio', { name: 'Rooftop Bar' }).waitFor();
    expect((await floors()).map((f) => f.name)).toEqual(['Dalam', 'Teras', 'Rooftop Bar']);
    await office.mouse.wheel(0, -5000);
    await officeShots(office, 'office-floor-01-plan');

    await office
      .getByRole('form', { name: 'Table Rooftop 1' })
      .getByRole('button', { name: 'Remove table' })
      .click();
    await tile.waitFor({ state: 'detached' });
    expect((await rooftop()).tables).toEqual([]);

    // The floor goes too, after a plain question; the plan shows the first floor again.
    await office.getByRole('button', { name: 'Remove floor' }).click();
    const ask = office.getByRole('alertdialog', { name: 'Remove Rooftop Bar? It has no tables.' });
    await ask.scrollIntoViewIfNeeded();
    await shot(office, 'office-floor-03-remove-floor');
    await ask.getByRole('button', { name: 'Yes, remove' }).click();
    await office.getByRole('radio', { name: 'Rooftop Bar' }).waitFor({ state: 'detached' });
    expect((await floors()).map((f) => f.name)).toEqual(['Dalam', 'Teras']);
  });

  it('a station is added and edited; a category and an item are routed to stations', async () => {
    interface Station {
      id: string;
      key: string;
      name: string;
      isDefault: boolean;
      lateAfterSeconds: number;
    }
    interface Route {
      id: string;
      stationId: string;
      itemId: string | null;
      categoryId: string | null;
      course: number | null;
    }
    const stations = async () =>
      (await get(`/v1/kitchen/stations?outletId=${outlet.id}&limit=100`)).items as Station[];
    const routes = async () =>
      (await get(`/v1/kitchen/routes?outletId=${outlet.id}&limit=100`)).items as Route[];
    const categories = (await get('/v1/catalog/categories?limit=100')).items as Array<{
      id: string;
      name: string;
    }>;
    const food = categories.find((c) => c.name === 'Makanan')!;
    const items = (await get('/v1/catalog/items?limit=100')).items as Array<{ id: string; name: string }>;
    const kopi = items.find((i) => i.name === 'Es Kopi Susu')!;

    await office.getByRole('radio', { name: 'Kitchen stations' }).click();
    await office
      .getByRole('region', { name: 'Kitchen stations' })
      .getByRole('listitem', { name: 'Dapur' })
      .waitFor();
    const form = office.getByRole('form', { name: 'New station' });
    await form.getByLabel('Station name').fill('Grill');
    await form.getByLabel('Late after (minutes)').fill('6');
    await form.getByRole('button', { name: 'Add station' }).click();
    await office.getByRole('listitem', { name: 'Grill' }).getByText('late after 6 min').waitFor();
    const grill = (await stations()).find((s) => s.name === 'Grill')!;
    expect(grill).toMatchObject({ lateAfterSeconds: 360, isDefault: false });
    expect(grill.key).toMatch(/^grill-[a-z0-9-]+$/);

    await office.getByLabel('Station of Makanan').selectOption({ label: 'Grill' });
    const routed = await pollUntil(routes, (rs) => rs.some((r) => r.categoryId === food.id), 10_000);
    expect(routed.find((r) => r.categoryId === food.id)).toMatchObject({ stationId: grill.id, course: null });

    const rule = office.getByRole('form', { name: 'Send an item elsewhere' });
    await rule.getByLabel('Item').selectOption({ label: 'Es Kopi Susu' });
    await rule.getByLabel('Station').selectOption({ label: 'Dapur' });
    await rule.getByLabel('Course').selectOption({ label: 'Course 2' });
    await rule.getByRole('button', { name: 'Add rule' }).click();
    await office
      .getByRole('list', { name: 'Items that go elsewhere' })
      .getByRole('listitem', { name: 'Es Kopi Susu' })
      .waitFor();
    const dapur = (await stations()).find((s) => s.name === 'Dapur')!;
    expect((await routes()).find((r) => r.itemId === kopi.id)).toMatchObject({
      stationId: dapur.id,
      course: 2,
    });

    await office.getByRole('button', { name: 'Edit Bar' }).click();
    const edit = office.getByRole('form', { name: 'Edit Bar' });
    await edit.getByLabel('Late after (minutes)').fill('5');
    await edit.getByLabel('Station name').fill('Bar Kopi');
    await edit.getByRole('button', { name: 'Save' }).click();
    await office.getByRole('listitem', { name: 'Bar Kopi' }).getByText('late after 5 min').waitFor();
    expect((await stations()).find((s) => s.name === 'Bar Kopi')).toMatchObject({ lateAfterSeconds: 300 });
    await office.mouse.wheel(0, -5000);
    await officeShots(office, 'office-floor-02-kitchen');

    await office.getByRole('button', { name: 'Remove the rule for Es Kopi Susu' }).click();
    expect(
      (await pollUntil(routes, (rs) => !rs.some((r) => r.itemId === kopi.id), 10_000)).some(
        (r) => r.itemId === kopi.id,
      ),
    ).toBe(false);
    await office.getByLabel('Station of Makanan').selectOption({ label: 'Default (Dapur)' });
    expect(
      (await pollUntil(routes, (rs) => !rs.some((r) => r.categoryId === food.id), 10_000)).some(
        (r) => r.categoryId === food.id,
      ),
    ).toBe(false);

    // The grill is taken out of use: it leaves the list and the station pickers; the default stays.
    await office.getByRole('button', { name: 'Remove Grill' }).click();
    await office.getByRole('listitem', { name: 'Grill' }).waitFor({ state: 'detached' });
    expect((await stations()).map((s) => s.name)).not.toContain('Grill');
    await expect(office.getByRole('button', { name: 'Remove Dapur' }).count()).resolves.toBe(0);
  });
  it('QR ordering: every table gets a code; a new code and a revoke stop the printed one; the sheet prints; settings save', async () => {
    await office.getByLabel('Outlet', { exact: true }).selectOption(outlet.id);
    await officeSection(office, 'Floor & kitchen');
    await office.getByRole('radio', { name: 'QR ordering' }).click();
    const codes = office.getByRole('list', { name: 'Table codes' });
    const card = (name: string) => codes.getByRole('listitem', { name, exact: true });
    const image = card('Meja 1').getByRole('img', { name: 'QR code of Meja 1' });
    await image.waitFor();
    // The code is drawn (an image that failed to load has no natural width).
    await pollUntil(
      () =>
        image.evaluate((el) => {
          const img = el as unknown as { complete: boolean; naturalWidth: number };
          return img.complete && img.naturalWidth > 0;
        }),
      (drawn) => drawn,
      10_000,
    );
    const plan = await floors();
    const tableId = (name: string) => plan.flatMap((f) => f.tables).find((t) => t.name === name)!.id;
    const codeOf = async (name: string) =>
      (await api(server.url, owner, 'POST', `/v1/tables/${tableId(name)}/code`, {})).body as {
        token: string | null;
        version: number;
        revoked: boolean;
      };
    const menuWith = async (token: string) =>
      (await fetch(`${server.url}/v1/qr/tables/${encodeURIComponent(token)}/menu`)).status;
    const printed = await codeOf('Meja 2');
    expect(await menuWith(printed.token!)).toBe(200);

    // A new code for Meja 2: the printed one answers 404 from now on.
    await card('Meja 2').getByRole('button', { name: 'New code' }).click();
    await card('Meja 2')
      .getByText(`Code no. ${printed.version + 1}`)
      .waitFor();
    expect(await menuWith(printed.token!)).toBe(404);
    const fresh = await codeOf('Meja 2');
    expect(fresh.version).toBe(printed.version + 1);
    expect(await menuWith(fresh.token!)).toBe(200);

    // Revoked: Meja 3 takes no orders until it is issued again.
    const meja3 = (await codeOf('Meja 3')).token!;
    await card('Meja 3').getByRole('button', { name: 'Revoke' }).click();
    await card('Meja 3').getByText('Revoked').waitFor();
    expect(await menuWith(meja3)).toBe(404);
    expect((await codeOf('Meja 3')).revoked).toBe(true);

    // The printable sheet opens in a new tab with the tables' names.
    const [sheet] = await Promise.all([
      office.waitForEvent('popup'),
      office.getByRole('button', { name: 'Print all codes' }).click(),
    ]);
    await sheet.getByText('Meja 1', { exact: true }).first().waitFor();
    expect(await sheet.getByText('Meja 3', { exact: true }).count()).toBe(0); // revoked: left out
    await sheet.close();

    // Settings: accept automatically, at most 3 orders waiting per table.
    const form = office.getByRole('form', { name: 'Orders from the tables' });
    const before = (await api(server.url, owner, 'GET', '/v1/qr/settings')).body;
    await form.getByLabel('Send table orders to the kitchen at once').setChecked(!before.autoAccept);
    await form.getByLabel('Orders waiting per table').fill('3');
    await form.getByRole('button', { name: 'Save changes' }).click();
    // Wait for the save itself: 3 waiting orders is also the default, so it alone proves nothing.
    await pollUntil(
      async () => (await api(server.url, owner, 'GET', '/v1/qr/settings')).body,
      (x) => x.maxPending === 3 && x.autoAccept === !before.autoAccept,
      10_000,
    );
    const after = (await api(server.url, owner, 'GET', '/v1/qr/settings')).body;
    expect(after).toMatchObject({ autoAccept: !before.autoAccept, maxPending: 3 });
    await officeShots(office, 'office-qr');
  });
});
