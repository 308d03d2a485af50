// The register keeps selling with the network cut (issue 12): sales are priced on the register's
// copy of the menu, numbered from a block of receipt numbers reserved while online, queued in
// IndexedDB (a reload does not lose them), and uploaded exactly once when the network is back.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allSynced,
  openRegister as openRegisterAt,
  outletApi,
  sellExactCash,
  statusButton,
} from './offline-support.ts';
import { api, DEMO, launchBrowser, login, rupiah, shot, startWebServer, type WebServer } from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let kemang: { id: string; registers: { id: string; name: string }[] };

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, 'owner@warung.demo');
  kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const openRegister = (registerIndex: number, who: { name: string; pin: string }) =>
  openRegisterAt(browser, server.url, kemang.registers[registerIndex]!.id, who);
const outlet = () =>
  outletApi(
    () => server.url,
    () => owner,
    kemang.id,
  );
const todaysOrders = () => outlet().orders();
const ordersSince = (before: Set<string>) => outlet().ordersSince(before);
const allEvents = () => outlet().events();

describe('register offline', { timeout: 240_000 }, () => {
  it('20 cash sales offline with a reload in the middle → back online: exactly 20 orders, once, ledger OK; a replayed upload changes nothing', async () => {
    const { context, page } = await openRegister(0, { name: 'Ani', pin: DEMO.cashiers[0].pin });
    const before = new Set((await todaysOrders()).map((o) => o.id));

    await context.setOffline(true);
    await statusButton(page, 'Offline').waitFor();
    await page.getByTestId('menu-age').waitFor();
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    await page.getByRole('button', { name: /^Pay Rp/ }).click();
    const pay = page.getByRole('dialog', { name: 'Payment' });
    // Gateways need the network: QRIS is shown, disabled, with the reason.
    expect(await pay.getByRole('radio', { name: 'QRIS' }).isDisabled()).toBe(true);
    await pay.getByText(/QRIS and other gateways cannot take payments offline/).waitFor();
    await shot(page, 'offline-01-pay');
    await pay.getByRole('button', { name: /^Exact cash/ }).click();
    const receipt = page.getByRole('dialog', { name: 'Payment complete' });
    await receipt.getByText('Recorded offline: uploads when the connection is back').waitFor();
    await shot(page, 'offline-02-receipt');
    const numbers = [Number(/(\d+)/.exec((await receipt.getByTestId('receipt-number').textContent())!)![1])];
    await receipt.getByRole('button', { name: 'New sale' }).click();
    await statusButton(page, 'Offline — 1 sale waiting to sync').waitFor();

    for (let i = 1; i < 10; i++) {
      numbers.push(await sellExactCash(page, /^Mie Ayam/));
    }
    await statusButton(page, 'Offline — 10 sales waiting to sync').waitFor();
    // A reload with the network still cut: the shell comes from the service worker, the menu and
    // the queue from IndexedDB; nothing is lost.
    await page.reload();
    await statusButton(page, 'Offline — 10 sales waiting to sync').waitFor({ timeout: 30_000 });
    await page.getByTestId('menu-age').waitFor();
    // Locking now would strand the queue (a PIN sign-in needs the server): refused, clearly.
    await page.getByRole('button', { name: 'Lock' }).click();
    await page
      .getByRole('region', { name: /Notifications/ })
      .getByText('10 sales are waiting to sync')
      .waitFor();
    for (let i = 10; i < 20; i++) {
      numbers.push(await sellExactCash(page, i % 2 ? /^Nasi Goreng/ : /^Mie Ayam/));
    }
    await statusButton(page, 'Offline — 20 sales waiting to sync').waitFor();
    await shot(page, 'offline-03-twenty-waiting');
    // Numbers from the reserved block: unique and consecutive.
    expect(new Set(numbers).size).toBe(20);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));

    // Back online: the queue uploads by itself. The upload is captured to replay it later.
    const upload = page.waitForRequest((r) => r.url().endsWith('/v1/sync/sales') && r.method() === 'POST');
    await context.setOffline(false);
    const sent = await upload;
    const answer = await sent.response();
    expect(answer?.status(), await answer?.text()).toBe(200);
    await allSynced(page);
    await shot(page, 'offline-04-synced');

    const after = await ordersSince(before);
    expect(after).toHaveLength(20);
    expect(after.every((o) => o.status === 'completed')).toBe(true);
    expect(after.map((o) => o.receiptNumber).sort((a, b) => a! - b!)).toEqual(numbers);
    const ids = new Set(after.map((o) => o.id));
    const events = await allEvents();
    for (const type of ['order.created', 'payment.completed', 'order.completed']) {
      expect(
        events.filter((e) => e.type === type && e.orderId && ids.has(e.orderId)),
        type,
      ).toHaveLength(20);
    }
    const check = await api(server.url, owner, 'GET', '/v1/ledger/check');
    expect(check.body.ok, JSON.stringify(check.body)).toBe(true);

    // A lost acknowledgement: the same upload sent again, as the device. Nothing changes.
    const body = sent.postDataJSON() as { sales: { clientId: string }[] };
    expect(body.sales).toHaveLength(20);
    const replay = await fetch(`${server.url}/v1/sync/sales`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: (await sent.allHeaders()).authorization!,
      },
      body: JSON.stringify(body),
    });
    expect(replay.status).toBe(200);
    const replayed = (await replay.json()) as { results: { status: string }[] };
    expect(replayed.results.map((r) => r.status)).toEqual(Array(20).fill('duplicate'));
    expect((await todaysOrders()).filter((o) => !before.has(o.id))).toHaveLength(20);
    const eventsAgain = await allEvents();
    expect(
      eventsAgain.filter((e) => e.type === 'order.completed' && e.orderId && ids.has(e.orderId)),
    ).toHaveLength(20);
    expect((await api(server.url, owner, 'GET', '/v1/ledger/check')).body.ok).toBe(true);

    // The sync panel lists them as synced.
    await statusButton(page, 'Online').click();
    const panel = page.getByRole('dialog', { name: 'Offline sales and sync' });
    await expect.poll(() => panel.getByTestId('sync-pending').textContent()).toBe('0');
    await panel.getByText('Synced').first().waitFor();
    await shot(page, 'offline-05-sync-panel');
    await context.close();
  });

  it('two registers of one outlet offline at once: both sync, receipt numbers unique and gap-free per device', async () => {
    const before = new Set((await todaysOrders()).map((o) => o.id));
    const a = await openRegister(0, { name: 'Ani', pin: DEMO.cashiers[0].pin });
    const b = await openRegister(1, { name: 'Dewi', pin: DEMO.cashiers[1].pin });
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    const numbersA: number[] = [];
    const numbersB: number[] = [];
    for (let i = 0; i < 4; i++) {
      numbersA.push(await sellExactCash(a.page, /^Mie Ayam/));
      numbersB.push(await sellExactCash(b.page, /^Nasi Goreng/));
    }
    await statusButton(b.page, 'Offline — 4 sales waiting to sync').waitFor();
    await shot(b.page, 'offline-06-second-register');
    await a.context.setOffline(false);
    await b.context.setOffline(false);
    await allSynced(a.page);
    await allSynced(b.page);

    const all = [...numbersA, ...numbersB];
    expect(new Set(all).size).toBe(8); // no number collides
    for (const ns of [numbersA, numbersB]) {
      expect(ns).toEqual(ns.map((_, i) => ns[0]! + i)); // no gap within a device's block
    }
    const orders = await ordersSince(before);
    expect(orders).toHaveLength(8);
    const byNumber = new Map(orders.map((o) => [o.receiptNumber, o]));
    for (const n of all) {
      expect(byNumber.get(n)?.status, `receipt ${n}`).toBe('completed');
    }
    await a.context.close();
    await b.context.close();
  });

  it('a price changed while the register is offline: the sale keeps the paid price; the conflict report says so, in the register', async () => {
    const { context, page } = await openRegister(0, { name: 'Budi', pin: DEMO.manager.pin });
    const menu = (await api(server.url, owner, 'GET', `/v1/catalog/menu?outletId=${kemang.id}`)).body;
    const sate = menu.items.find((i: { name: string }) => i.name.startsWith('Sate Ayam'));
    const variant = sate.variants[0] as { id: string; price: number };
    const paid = variant.price;

    await context.setOffline(true);
    await statusButton(page, 'Offline').waitFor();
    const before = new Set((await todaysOrders()).map((o) => o.id));
    const number = await sellExactCash(page, /^Sate Ayam/);
    // Meanwhile the office raises the price at this outlet.
    const raised = await api(server.url, owner, 'PATCH', `/v1/outlets/${kemang.id}/items/${sate.id}`, {
      variantPrices: [{ variantId: variant.id, price: paid + 500_000 }],
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    const menuReads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/catalog/menu')) {
        menuReads.push(new URL(r.url()).pathname);
      }
    });
    await context.setOffline(false);
    await allSynced(page);
    // Catching up: the register asked for the menu's delta, not the whole menu, and shows the new price.
    await page
      .getByText(rupiah(paid + 500_000))
      .first()
      .waitFor();
    expect(menuReads.length).toBeGreaterThan(0);
    expect(new Set(menuReads)).toEqual(new Set(['/v1/catalog/menu/changes']));

    const [order] = await ordersSince(before);
    if (!order) {
      throw new Error('the offline sale did not sync');
    }
    expect(order.receiptNumber).toBe(number);
    expect(order.lines[0]!.unitPrice).toBe(paid);
    const reports = await api(server.url, owner, 'GET', `/v1/sync/reports?outletId=${kemang.id}`);
    const report = (
      reports.body.items as {
        saleId: string;
        outcome: string;
        reasons: { code: string; paid?: number; current?: number }[];
      }[]
    ).find((r) => r.saleId === order.id)!;
    expect(report.outcome).toBe('accepted');
    expect(report.reasons[0]).toMatchObject({ code: 'price_changed', paid, current: paid + 500_000 });

    // The manager sees it in the register: a conflict pill, and the report in the sync panel.
    await statusButton(page, '1 sync conflict').click();
    const panel = page.getByRole('dialog', { name: 'Offline sales and sync' });
    const reportsList = panel.getByRole('list', { name: 'Conflict reports (all registers of this outlet)' });
    await reportsList.getByText(`Receipt No. ${number}`).waitFor();
    await reportsList
      .getByText(`paid ${rupiah(paid)}, now ${rupiah(paid + 500_000)}`)
      .first()
      .waitFor();
    await shot(page, 'offline-07-conflict-report');
    await context.close();
  });
});
