// The restaurant in real browsers against the real server (issue 13): a waiter on a phone opens a
// table on the live floor plan, orders per seat and course, sends to the kitchen, sees the kitchen
// make it ready, fires the next course and asks for the bill, while a second waiter's phone shows
// the table change colour live.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  DEMO,
  launchBrowser,
  openKitchenDisplay,
  login,
  PHONE,
  shot,
  startWebServer,
  type WebServer,
} from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let kitchen: string;
let kemang: { id: string; name: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  kitchen = await login(server.url, DEMO.kitchen.email);
  kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
  // The demo's stations at Kemang: "Dapur" takes every line no rule routes, "Bar" the drinks.
  const stations = await api(server.url, owner, 'GET', `/v1/kitchen/stations?outletId=${kemang.id}`);
  expect(stations.body.items.map((s: { name: string; isDefault: boolean }) => [s.name, s.isDefault])).toEqual(
    [
      ['Dapur', true],
      ['Bar', false],
    ],
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.close();
});

const WORDS = {
  en: { email: 'Email', password: 'Password', signIn: 'Sign in' },
  id: { email: 'Email', password: 'Kata sandi', signIn: 'Masuk' },
};

/** A phone with the waiter app (in the phone's language), signed in as the demo waiter. */
async function waiterPhone(lang: 'en' | 'id' = 'en'): Promise<Page> {
  const words = WORDS[lang];
  const context = await browser.newContext({
    viewport: PHONE,
    locale: lang === 'id' ? 'id-ID' : 'en-US',
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    hasTouch: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/waiter/`);
  await page.getByLabel(words.email).fill(DEMO.waiter.email);
  await page.getByLabel(words.password).fill(DEMO.password);
  await page.getByRole('button', { name: words.signIn, exact: true }).click();
  await page.getByRole('tab', { name: /Dalam/ }).waitFor();
  return page;
}

const table = (page: Page, name: string, status: string) =>
  page.getByRole('button', { name: `${name}, ${status}`, exact: true });
const line = (page: Page, name: string) => page.getByRole('listitem').filter({ hasText: name });
const ticketsOf = async (orderId: string) =>
  (await api(server.url, kitchen, 'GET', `/v1/kitchen/tickets?orderId=${orderId}&state=all`)).body.items as {
    id: string;
    status: string;
    course: number | null;
    tableRef: string | null;
    stationKey: string;
    lines: { name: string; seat: number | null; course: number | null; status: string }[];
  }[];

describe('waiter on a phone', () => {
  it('opens a table, orders by seat and course, sends, sees it ready, fires course 2, asks for the bill', async () => {
    const phone = await waiterPhone();
    const other = await waiterPhone('id'); // a second waiter watching the floor, in Indonesian
    await expect(table(phone, 'Meja 3', 'Free').isVisible()).resolves.toBe(true);
    expect(await phone.getByRole('tab', { name: /Teras/ }).isVisible()).toBe(true);
    await shot(phone, 'waiter-floor');

    // Open Meja 3 for two guests: the other phone sees it occupied, live.
    await table(phone, 'Meja 3', 'Free').click();
    const open = phone.getByRole('dialog', { name: 'Open Meja 3' });
    await open.getByRole('radio', { name: '2', exact: true }).click();
    await shot(phone, 'waiter-open-table');
    await open.getByRole('button', { name: 'Open table · 2 guests' }).click();
    await phone.getByRole('heading', { name: 'Meja 3', exact: true }).waitFor();
    await table(other, 'Meja 3', 'Terisi').waitFor({ timeout: 2000 });
    const orderId = /#\/order\/([0-9a-f-]{36})/.exec(phone.url())![1]!;

    // Items per seat and course: seat 1 and 2 in course 1, then in course 2.
    await phone.getByRole('button', { name: '+ Add items' }).click();
    const menu = phone.getByRole('dialog', { name: 'Add to Meja 3' });
    await menu.getByRole('radio', { name: 'Seat 1' }).click();
    await menu.getByRole('radio', { name: 'Course 1' }).click();
    await menu.getByRole('button', { name: /^Nasi Goreng Spesial, / }).click();
    await menu.getByRole('button', { name: 'Done · 1' }).waitFor();
    await menu.getByRole('radio', { name: 'Seat 2' }).click();
    await menu.getByRole('button', { name: /^Es Teh Manis, / }).click();
    const tea = phone.getByRole('dialog', { name: 'Es Teh Manis' });
    await tea.getByRole('radio', { name: 'Normal' }).click();
    await shot(phone, 'waiter-item-options');
    await tea.getByRole('button', { name: /^Add · / }).click();
    await tea.waitFor({ state: 'detached' });
    await menu.getByRole('button', { name: 'Done · 2' }).waitFor();
    await shot(phone, 'waiter-menu');
    await menu.getByRole('radio', { name: 'Course 2' }).click();
    await menu.getByRole('radio', { name: 'Seat 1' }).click();
    await menu.getByRole('button', { name: /^Mie Ayam, / }).click();
    await menu.getByRole('button', { name: 'Done · 3' }).waitFor();
    await menu.getByRole('radio', { name: 'Seat 2' }).click();
    await menu.getByRole('button', { name: /^Sate Ayam/ }).click();
    await menu.getByRole('button', { name: 'Done · 4' }).click();
    await line(phone, 'Sate Ayam').getByText('not sent').waitFor();

    const order = (await api(server.url, owner, 'GET', `/v1/orders/${orderId}`)).body;
    expect(
      order.lines.map((l: { name: string; seat: number; course: number }) => [l.name, l.seat, l.course]),
    ).toEqual([
      ['Nasi Goreng Spesial', 1, 1],
      ['Es Teh Manis', 2, 1],
      ['Mie Ayam', 1, 2],
      ['Sate Ayam (10 tusuk)', 2, 2],
    ]);
    // Waiters see money: the server's total, as the tenant writes it.
    const rupiah = new Intl.NumberFormat('id-ID', {
      style: 'currency',
      currency: 'IDR',
      maximumFractionDigits: 0,
    })
      .format(order.total / 100)
      .replace(/\s/g, '\u00a0');
    await phone.getByLabel(`Total ${rupiah}`).waitFor();
    await shot(phone, 'waiter-order-unsent');

    // The kitchen display in another browser: the cook signs in at the Dapur station.
    const kds = await openKitchenDisplay(browser, server.url, kemang.name);

    // Send: course 1 reaches the display within a second; course 2 is held (pending) until fired.
    const sending = phone.waitForResponse((r) => r.url().endsWith(`/v1/orders/${orderId}/send`));
    await phone.getByRole('button', { name: 'Send to kitchen (4)' }).click();
    expect((await sending).status()).toBe(200);
    const sentAt = Date.now();
    const cards = kds.getByRole('article', { name: `Ticket #${order.number}` });
    const live = cards.filter({ hasNotText: 'Held' });
    await live.getByText('Nasi Goreng Spesial').waitFor({ timeout: 5000 });
    const latency = Date.now() - sentAt;
    expect(latency, `ticket on the display ${latency} ms after the send`).toBeLessThan(1000);
    await live.getByText('Meja 3', { exact: true }).waitFor();
    await live.getByLabel('Sent by Rudi (waiter)').waitFor();
    await cards.filter({ hasText: 'Held — course 2' }).waitFor();
    await line(phone, 'Nasi Goreng Spesial').getByText('new', { exact: true }).waitFor();
    await line(phone, 'Mie Ayam').getByText('held', { exact: true }).waitFor();
    await shot(kds, 'waiter-kds-ticket');
    let tickets = await ticketsOf(orderId);
    // Routed: the food to Dapur, the drink to the Bar; course 2 held at Dapur.
    const shape = tickets.map((t) => [t.stationKey, t.status, t.lines.map((l) => [l.name, l.seat])]);
    expect(shape).toHaveLength(3);
    expect(shape).toEqual(
      expect.arrayContaining([
        ['dapur-kemang', 'open', [['Nasi Goreng Spesial', 1]]],
        ['bar-kemang', 'open', [['Es Teh Manis', 2]]],
        [
          'dapur-kemang',
          'held',
          [
            ['Mie Ayam', 1],
            ['Sate Ayam (10 tusuk)', 2],
          ],
        ],
      ]),
    );

    // The cook bumps the ticket: the waiter sees the dish ready, live.
    await live.getByRole('button', { name: `Bump #${order.number}` }).click();
    await line(phone, 'Nasi Goreng Spesial').getByText('ready', { exact: true }).waitFor({ timeout: 2000 });
    expect(await line(phone, 'Es Teh Manis').getByText('new', { exact: true }).isVisible()).toBe(true);
    await shot(phone, 'waiter-ready');

    // Fire course 2: its ticket comes alive on the display.
    await phone.getByRole('button', { name: /Fire course 2/ }).click();
    await cards.getByRole('button', { name: '1× Mie Ayam: tap to start' }).waitFor({ timeout: 2000 });
    expect(await cards.filter({ hasText: 'Held' }).count()).toBe(0);
    await line(phone, 'Mie Ayam').getByText('new', { exact: true }).waitFor();
    tickets = await ticketsOf(orderId);
    const second = tickets.find((t) => t.course === 2)!;
    expect(second.status).toBe('open');
    expect(second.lines.map((l) => l.name)).toEqual(['Mie Ayam', 'Sate Ayam (10 tusuk)']);
    expect(await phone.getByRole('button', { name: /Fire course/ }).count()).toBe(0);
    await shot(kds, 'waiter-kds-fired');

    // The bill: the other phone's floor plan shows it, live.
    await phone.getByRole('button', { name: 'Request bill' }).click();
    await phone.getByRole('button', { name: 'Bill requested' }).waitFor();
    await table(other, 'Meja 3', 'Minta bill').waitFor({ timeout: 2000 });
    await shot(phone, 'waiter-bill');
    await shot(other, 'waiter-floor-live');
    await phone.getByRole('button', { name: 'Back to the floor' }).click();
    await table(phone, 'Meja 3', 'Bill').waitFor();
  }, 120_000);

  it('moves a table to a free one, and keeps an order on a named tab', async () => {
    const phone = await waiterPhone();
    await table(phone, 'Meja 1', 'Free').click();
    await phone
      .getByRole('dialog', { name: 'Open Meja 1' })
      .getByRole('button', { name: /^Open table/ })
      .click();
    await phone.getByRole('heading', { name: 'Meja 1', exact: true }).waitFor();
    const orderId = /#\/order\/([0-9a-f-]{36})/.exec(phone.url())![1]!;
    await phone.getByRole('button', { name: 'Move table' }).click();
    const move = phone.getByRole('dialog', { name: 'Move to a free table' });
    expect(await move.getByRole('button', { name: /^Meja 3\b/ }).count()).toBe(0); // not free
    await shot(phone, 'waiter-move');
    await move.getByRole('button', { name: /^Meja 2\b/ }).click();
    await phone.getByRole('heading', { name: 'Meja 2', exact: true }).waitFor();
    const plan = (await api(server.url, owner, 'GET', `/v1/outlets/${kemang.id}/floor-plan`)).body;
    const tables = plan.floors.flatMap((f: { tables: unknown[] }) => f.tables) as {
      name: string;
      status: string;
      orders: { orderId: string }[];
    }[];
    expect(tables.find((x) => x.name === 'Meja 1')!.status).toBe('free');
    expect(tables.find((x) => x.name === 'Meja 2')!.orders.map((o) => o.orderId)).toEqual([orderId]);
    await phone.getByRole('button', { name: 'Back to the floor' }).click();
    await table(phone, 'Meja 1', 'Free').waitFor();
    await table(phone, 'Meja 2', 'Occupied').waitFor();

    // A named tab: an order at no table, sent like any other.
    await phone.getByRole('button', { name: '+ New tab' }).click();
    const tab = phone.getByRole('dialog', { name: 'New tab' });
    await tab.getByLabel('Name on the tab').fill('Pak Andi');
    await tab.getByRole('button', { name: 'Open tab' }).click();
    await phone.getByRole('heading', { name: 'Pak Andi', exact: true }).waitFor();
    await phone.getByRole('button', { name: '+ Add items' }).click();
    const menu = phone.getByRole('dialog', { name: 'Add to Pak Andi' });
    await menu.getByRole('button', { name: /^Mie Ayam, / }).click();
    await menu.getByRole('button', { name: 'Done · 1' }).click();
    await phone.getByRole('button', { name: 'Send to kitchen (1)' }).click();
    await line(phone, 'Mie Ayam').getByText('new', { exact: true }).waitFor();
    await phone.getByRole('button', { name: 'Back to the floor' }).click();
    await phone.getByRole('tab', { name: /Tabs/ }).click();
    await phone.getByRole('button', { name: /Pak Andi/ }).waitFor();
    await shot(phone, 'waiter-tabs');
  }, 120_000);

  it('splits a table’s bill by seat, and merges another table into it', async () => {
    const phone = await waiterPhone();
    const billLine = (name: string) =>
      phone.getByRole('list', { name: 'Order lines' }).getByRole('listitem').filter({ hasText: name });
    await table(phone, 'Meja 4', 'Free').click();
    const open = phone.getByRole('dialog', { name: 'Open Meja 4' });
    await open.getByRole('radio', { name: '2', exact: true }).click();
    await open.getByRole('button', { name: 'Open table · 2 guests' }).click();
    await phone.getByRole('heading', { name: 'Meja 4', exact: true }).waitFor();
    const orderId = /#\/order\/([0-9a-f-]{36})/.exec(phone.url())![1]!;
    await phone.getByRole('button', { name: '+ Add items' }).click();
    const menu = phone.getByRole('dialog', { name: 'Add to Meja 4' });
    await menu.getByRole('radio', { name: 'Seat 1' }).click();
    await menu.getByRole('button', { name: /^Nasi Goreng Spesial, / }).click();
    await menu.getByRole('button', { name: 'Done · 1' }).waitFor();
    await menu.getByRole('radio', { name: 'Seat 2' }).click();
    await menu.getByRole('button', { name: /^Mie Ayam, / }).click();
    await menu.getByRole('button', { name: 'Done · 2' }).click();
    await billLine('Mie Ayam').waitFor();
    await phone.getByRole('button', { name: 'Split by seat' }).click();
    const split = phone.getByRole('dialog', { name: 'Split the bill by seat' });
    await split.getByText('Seat 1, Seat 2').waitFor();
    await shot(phone, 'waiter-split');
    await split.getByRole('button', { name: 'Split into 2 bills' }).click();
    await phone.getByText('Split: 2 bills at the table').first().waitFor();
    expect(await billLine('Mie Ayam').count()).toBe(0);
    await billLine('Nasi Goreng Spesial').waitFor();

    const tablesNow = async () =>
      (
        (await api(server.url, owner, 'GET', `/v1/outlets/${kemang.id}/floor-plan`)).body.floors as {
          tables: { id: string; name: string; status: string; orders: { orderId: string }[] }[];
        }[]
      ).flatMap((f) => f.tables);
    const meja4 = (await tablesNow()).find((x) => x.name === 'Meja 4')!;
    expect(meja4.orders).toHaveLength(2);
    expect(meja4.orders[0]!.orderId).toBe(orderId);
    const seatOf = async (id: string) =>
      (await api(server.url, owner, 'GET', `/v1/orders/${id}`)).body.lines.map(
        (l: { name: string; seat: number | null }) => [l.name, l.seat],
      );
    expect(await seatOf(orderId)).toEqual([['Nasi Goreng Spesial', 1]]);
    expect(await seatOf(meja4.orders[1]!.orderId)).toEqual([['Mie Ayam', 2]]);

    // Meja 5 sits down, orders, then joins Meja 4: one bill, Meja 5 free again.
    await phone.getByRole('button', { name: 'Back to the floor' }).click();
    await table(phone, 'Meja 5', 'Free').click();
    await phone
      .getByRole('dialog', { name: 'Open Meja 5' })
      .getByRole('button', { name: /^Open table/ })
      .click();
    await phone.getByRole('heading', { name: 'Meja 5', exact: true }).waitFor();
    const fromId = /#\/order\/([0-9a-f-]{36})/.exec(phone.url())![1]!;
    await phone.getByRole('button', { name: '+ Add items' }).click();
    const menu5 = phone.getByRole('dialog', { name: 'Add to Meja 5' });
    await menu5.getByRole('button', { name: /^Sate Ayam/ }).click();
    await menu5.getByRole('button', { name: 'Done · 1' }).click();
    await phone.getByRole('button', { name: 'Send to kitchen (1)' }).click();
    await billLine('Sate Ayam').getByText('new', { exact: true }).waitFor();
    await phone.getByRole('button', { name: 'Merge tables' }).click();
    const merge = phone.getByRole('dialog', { name: 'Merge Meja 5 into…' });
    expect(await merge.getByRole('button', { name: 'Choose a table' }).isDisabled()).toBe(true);
    await merge.getByRole('button', { name: /^Meja 4\b/ }).click();
    await shot(phone, 'waiter-merge');
    await merge.getByRole('button', { name: 'Merge into Meja 4' }).click();
    await phone.getByRole('heading', { name: 'Meja 4', exact: true }).waitFor();
    await phone.getByText('Merged into Meja 4').first().waitFor();
    await billLine('Sate Ayam').waitFor();
    expect(/#\/order\/([0-9a-f-]{36})/.exec(phone.url())![1]).toBe(orderId);

    const after = await tablesNow();
    expect(after.find((x) => x.name === 'Meja 5')!.status).toBe('free');
    expect(after.find((x) => x.name === 'Meja 4')!.orders).toHaveLength(2);
    expect((await seatOf(orderId)).map((l: [string, number | null]) => l[0])).toEqual([
      'Nasi Goreng Spesial',
      'Sate Ayam (10 tusuk)',
    ]);
    const emptied = (await api(server.url, owner, 'GET', `/v1/orders/${fromId}`)).body;
    expect(emptied.status).toBe('canceled');
    // The kitchen's ticket followed the line to the merged order.
    expect((await ticketsOf(orderId)).flatMap((t) => t.lines.map((l) => l.name))).toContain(
      'Sate Ayam (10 tusuk)',
    );
    // Back from the merged order leads to the floor, not to the canceled one.
    await phone.getByRole('button', { name: 'Back to the floor' }).click();
    await table(phone, 'Meja 5', 'Free').waitFor();
  }, 120_000);
});
