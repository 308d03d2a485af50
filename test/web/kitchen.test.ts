// The kitchen display in a real browser against the real server (see support.ts): the demo kitchen
// account signs in on a TV, picks the outlet and the "Dapur" station; orders sent through the API
// (as a cashier) appear as tickets within a second; a line is tapped through preparing to ready,
// the ticket bumped and recalled; a held course shows as pending until it is fired; ten tickets
// sent while the display is offline for 30 s all appear, in order, once it is back; the customers'
// board shows the order under Ready; and no money is ever on the kitchen's screen.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, DEMO, launchBrowser, login, shot, startWebServer, TABLET, type WebServer } from './support.ts';

const TV = { width: 1920, height: 1080 };
type CSSLike = { textDecorationLine: string };

type MenuItem = { id: string; name: string; modifierGroupIds: string[]; variants: { id: string }[] };
type Group = { id: string; name: string; options: { id: string; name: string }[] };

let server: WebServer;
let browser: Browser;
let cashier: string;
let cook: string;
let outlet: { id: string; name: string };
let items: MenuItem[];
let groups: Group[];
let dapur: { id: string; key: string };
let tv: { context: BrowserContext; page: Page };

const item = (name: string) => {
  const found = items.find((i) => i.name === name);
  if (!found) {
    throw new Error(`no ${name} on the demo menu`);
  }
  return found;
};
const option = (group: string, name: string) =>
  groups.find((g) => g.name === group)!.options.find((o) => o.name === name)!.id;
const line = (name: string, extra: Record<string, unknown> = {}) => ({
  itemId: item(name).id,
  variantId: item(name).variants[0]!.id,
  quantity: 1,
  ...extra,
});

/** A cashier rings up an order at a table and sends it to the kitchen (two requests, as the apps do). */
async function sendOrder(tableRef: string, lines: unknown[]): Promise<{ id: string; number: number }> {
  const created = await api(server.url, cashier, 'POST', '/v1/orders', {
    outletId: outlet.id,
    diningOption: 'dine_in',
    tableRef,
    lines,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sent = await api(server.url, cashier, 'POST', `/v1/orders/${created.body.id}/send`, {});
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return { id: created.body.id, number: created.body.number };
}

const ticket = (page: Page, number: number) => page.getByRole('article', { name: `Ticket #${number}` });
/** The order numbers of the cards on screen, in screen order. */
const cardNumbers = (page: Page) =>
  page
    .locator('article[data-ticket]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ticket'))));

async function openDisplay(viewport: { width: number; height: number }, station = 'Dapur') {
  const context = await browser.newContext({ viewport, locale: 'en-US', deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${server.url}/kitchen/`);
  await page.getByLabel('Email').fill(DEMO.kitchen.email);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Which outlet is this screen in?' }).waitFor();
  await page.getByRole('button', { name: outlet.name }).click();
  await page.getByRole('heading', { name: 'Which station is this screen?' }).waitFor();
  return { context, page, pick: () => page.getByRole('button', { name: new RegExp(`^${station}`) }).click() };
}

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  cashier = await login(server.url, DEMO.cashiers[0].email);
  cook = await login(server.url, DEMO.kitchen.email);
  outlet = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
  const menu = await api(server.url, cashier, 'GET', `/v1/catalog/menu?outletId=${outlet.id}`);
  items = menu.body.items;
  groups = menu.body.modifierGroups;
  const stations = await api(server.url, cook, 'GET', `/v1/kitchen/stations?outletId=${outlet.id}`);
  dapur = stations.body.items.find((s: { name: string }) => s.name === 'Dapur');
  expect(dapur).toBeDefined();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('kitchen display', { timeout: 120_000 }, () => {
  it('the kitchen signs in on the TV, picks the station, and a sent order is a ticket within a second', async () => {
    const d = await openDisplay(TV);
    await shot(d.page, 'kitchen-01-pick-station');
    await d.pick();
    tv = { context: d.context, page: d.page };
    const { page } = tv;
    await page.getByRole('heading', { name: 'Dapur' }).waitFor();
    await page.getByRole('status', { name: 'Live' }).waitFor();
    await page.getByText('No tickets.', { exact: false }).waitFor();

    const order = await sendOrder('7', [
      line('Nasi Goreng Spesial', { quantity: 2, seat: 1, notes: 'Tanpa sambal — alergi kacang' }),
      line('Mie Ayam', { seat: 2 }),
      line('Es Teh Manis', { modifierOptionIds: [option('Gula', 'Kurang manis')] }), // → the bar
    ]);
    const sentAt = Date.now();
    await ticket(page, order.number).waitFor({ timeout: 5000 });
    const latency = Date.now() - sentAt;
    expect(latency, `ticket on screen ${latency} ms after the send`).toBeLessThan(1000);

    const card = ticket(page, order.number);
    await card.getByText('Table 7').waitFor();
    expect(await card.getByText('Tanpa sambal — alergi kacang').isVisible()).toBe(true);
    expect(await card.getByText('Seat 2').isVisible()).toBe(true);
    // Routing: the drink went to the bar, not here.
    expect(await card.getByText('Es Teh Manis').count()).toBe(0);
    // The all-day panel counts what is still to make.
    const allDay = page.getByRole('complementary', { name: 'All day' });
    await allDay.getByText('Nasi Goreng Spesial').waitFor();
    expect(await allDay.locator('li', { hasText: 'Nasi Goreng Spesial' }).innerText()).toMatch(/^2\s/);
  });

  it('a line is tapped to preparing and ready, the ticket bumped and recalled', async () => {
    const { page } = tv;
    const order = await sendOrder('3', [line('Sate Ayam (10 tusuk)'), line('Mie Ayam', { quantity: 3 })]);
    const card = ticket(page, order.number);
    await card.waitFor();
    await card.getByRole('button', { name: '1× Sate Ayam (10 tusuk): tap to start' }).click();
    await card.getByRole('button', { name: '1× Sate Ayam (10 tusuk): tap when ready' }).click();
    await card.getByRole('button', { name: '1× Sate Ayam (10 tusuk): ready' }).waitFor();
    await shot(page, 'kitchen-02-tv-tickets');
    const stored = await api(server.url, cook, 'GET', `/v1/kitchen/tickets?orderId=${order.id}`);
    expect(stored.body.items[0].lines.map((l: { status: string }) => l.status)).toEqual(['ready', 'new']);

    await card.getByRole('button', { name: `Bump #${order.number}` }).click();
    await card.waitFor({ state: 'detached' });
    const bumped = await api(server.url, cook, 'GET', `/v1/kitchen/tickets?orderId=${order.id}&state=all`);
    expect(bumped.body.items[0].status).toBe('bumped');

    await page.getByRole('button', { name: 'Recall last bumped' }).click();
    await card.waitFor();
    await card.getByText('Recalled').waitFor();
    const recalled = await api(server.url, cook, 'GET', `/v1/kitchen/tickets?orderId=${order.id}`);
    expect(recalled.body.items[0].status).toBe('open');
    // Bumped again for the rest of the story.
    await card.getByRole('button', { name: `Bump #${order.number}` }).click();
    await card.waitFor({ state: 'detached' });
  });

  it('a held course shows as pending and comes alive once the waiter fires it', async () => {
    const { page } = tv;
    const order = await sendOrder('9', [
      line('Nasi Goreng Spesial', { course: 1 }),
      line('Mie Ayam', { course: 2 }),
    ]);
    await page.getByText('Held — course 2').waitFor();
    const cards = ticket(page, order.number);
    expect(await cards.count()).toBe(2);
    const held = cards.filter({ hasText: 'Held — course 2' });
    expect(await held.getByRole('button', { name: /Mie Ayam/ }).isDisabled()).toBe(true);
    expect(await held.getByRole('button', { name: /^Bump/ }).count()).toBe(0);
    await shot(page, 'kitchen-03-held-course');

    const fired = await api(server.url, cashier, 'POST', `/v1/kitchen/orders/${order.id}/courses/2/fire`, {});
    expect(fired.status, JSON.stringify(fired.body)).toBe(200);
    await held.waitFor({ state: 'detached' });
    await cards.nth(1).getByRole('button', { name: '1× Mie Ayam: tap to start' }).waitFor();
    for (const i of [0, 1]) {
      await cards
        .first()
        .getByRole('button', { name: `Bump #${order.number}` })
        .click();
      await expect.poll(() => cards.count()).toBe(1 - i);
    }
  });

  it('offline for 30 s while ten tickets are sent: all ten appear after reconnecting, in order', async () => {
    const { page, context } = tv;
    await context.setOffline(true);
    await page.getByRole('alert').filter({ hasText: 'Offline — reconnecting' }).waitFor({ timeout: 10_000 });
    const started = Date.now();
    const numbers: number[] = [];
    for (let i = 1; i <= 10; i += 1) {
      numbers.push((await sendOrder(`${20 + i}`, [line('Mie Ayam', { notes: `batch ${i}` })])).number);
    }
    await shot(page, 'kitchen-04-offline');
    await page.waitForTimeout(Math.max(0, 30_000 - (Date.now() - started)));
    // Nothing reached the offline screen.
    for (const n of numbers) {
      expect(await ticket(page, n).count()).toBe(0);
    }
    await context.setOffline(false);
    await ticket(page, numbers[9]!).waitFor({ timeout: 20_000 });
    await page.getByRole('status', { name: 'Live' }).waitFor();
    const onScreen = (await cardNumbers(page)).filter((n) => numbers.includes(n));
    expect(onScreen).toEqual(numbers);
    expect(await page.getByRole('alert').filter({ hasText: 'Offline' }).count()).toBe(0);
    await shot(page, 'kitchen-05-back-online');
  });

  it('the board shows the order under Ready once its tickets are bumped', async () => {
    const boardContext = await browser.newContext({ viewport: TV, locale: 'en-US', deviceScaleFactor: 1 });
    const board = await boardContext.newPage();
    await board.goto(`${server.url}/kitchen/board`);
    await board.getByLabel('Email').fill(DEMO.kitchen.email);
    await board.getByLabel('Password').fill(DEMO.password);
    await board.getByRole('button', { name: 'Sign in' }).click();
    await board.getByRole('button', { name: outlet.name }).click();
    const preparing = board.getByRole('list', { name: 'Preparing' });
    const ready = board.getByRole('list', { name: 'Ready' });

    const order = await sendOrder('12', [
      line('Sate Ayam (10 tusuk)'),
      line('Es Teh Manis', { modifierOptionIds: [option('Gula', 'Normal')] }),
    ]);
    await preparing.getByText(String(order.number), { exact: true }).waitFor();
    const { page } = tv;
    const card = ticket(page, order.number);
    await card.getByRole('button', { name: '1× Sate Ayam (10 tusuk): tap to start' }).click();
    await card.getByRole('button', { name: '1× Sate Ayam (10 tusuk): tap when ready' }).click();
    await card.getByRole('button', { name: `Bump #${order.number}` }).click();
    // The bar's ticket is still open: the order is not ready yet.
    await board.waitForTimeout(500);
    expect(await ready.getByText(String(order.number), { exact: true }).count()).toBe(0);
    const bar = await api(server.url, cook, 'GET', `/v1/kitchen/tickets?orderId=${order.id}`);
    const barTicket = bar.body.items.find((x: { stationId: string }) => x.stationId !== dapur.id);
    expect((await api(server.url, cook, 'POST', `/v1/kitchen/tickets/${barTicket.id}/bump`, {})).status).toBe(
      200,
    );
    await ready.getByText(String(order.number), { exact: true }).waitFor();
    expect(await preparing.getByText(String(order.number), { exact: true }).count()).toBe(0);
    await shot(board, 'kitchen-07-board');
    await boardContext.close();
  });

  it('the bar on a tablet: modifiers printed, rush flagged, voided lines struck through; no money anywhere', async () => {
    const manager = await login(server.url, DEMO.manager.email);
    const d = await openDisplay(TABLET, 'Bar');
    await d.pick();
    const page = d.page;
    await page.getByRole('heading', { name: 'Bar' }).waitFor();
    const kopi = item('Es Kopi Susu');
    const order = await sendOrder('5', [
      {
        itemId: kopi.id,
        variantId: kopi.variants[1]!.id,
        quantity: 2,
        modifierOptionIds: [option('Gula', 'Kurang manis'), option('Tambahan', 'Boba')],
        notes: 'Es sedikit',
      },
      line('Es Teh Manis', { modifierOptionIds: [option('Gula', 'Normal')] }),
    ]);
    const card = ticket(page, order.number);
    await card.waitFor();
    expect(await card.getByText('+ Boba').isVisible()).toBe(true);
    const rush = await api(server.url, cashier, 'POST', `/v1/kitchen/orders/${order.id}/rush`, {
      rush: true,
    });
    expect(rush.status).toBe(200);
    await card.getByText('RUSH').waitFor();
    // The guest changes their mind about the tea: voided after sending (a manager may).
    const o = await api(server.url, manager, 'GET', `/v1/orders/${order.id}`);
    const tea = o.body.lines.find((l: { name: string }) => l.name === 'Es Teh Manis');
    const voided = await api(server.url, manager, 'POST', `/v1/orders/${order.id}/lines/${tea.id}/void`, {
      version: o.body.version,
      reason: 'Tamu batal',
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    const teaLine = card.getByRole('button', { name: /Es Teh Manis: voided/ });
    await teaLine.waitFor();
    expect(await teaLine.isDisabled()).toBe(true);
    expect(
      await teaLine
        .locator('.k-name')
        .evaluate(
          (e) =>
            (globalThis as unknown as { getComputedStyle(el: unknown): CSSLike }).getComputedStyle(e)
              .textDecorationLine,
        ),
    ).toBe('line-through');
    await shot(page, 'kitchen-06-tablet-bar');
    for (const p of [page, tv.page]) {
      const text = await p.locator('body').innerText();
      expect(text).not.toMatch(/Rp|IDR/);
    }
    await d.context.close();
  });
});
