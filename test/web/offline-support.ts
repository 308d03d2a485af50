// Helpers of the register's offline stories (test/web/register-offline*.test.ts): a register with
// its service worker, paired and signed in, with receipt numbers reserved; sales at the counter;
// the status pill; and the API's view of what arrived (orders, events).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { api, pairWithCode, signInByPin, TABLET } from './support.ts';

/** Receipt numbers this register still holds for offline sales (read from its IndexedDB). */
export function numbersLeft(page: Page): Promise<number> {
  // A string: the test's TypeScript has no DOM types; this runs in the page.
  return page.evaluate(`new Promise((resolve) => {
    const open = indexedDB.open('kasir-register');
    open.onerror = () => resolve(0);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('blocks')) {
        resolve(0);
        return;
      }
      const all = db.transaction('blocks').objectStore('blocks').getAll();
      all.onsuccess = () =>
        resolve(all.result.reduce((s, b) => s + Math.max(0, b.lastNumber - b.next + 1), 0));
    };
  })`);
}

/**
 * A register with its service worker (the shell loads without the network), paired and signed in,
 * online with a block of receipt numbers reserved: ready to lose the network.
 */
export async function openRegister(
  browser: Browser,
  base: string,
  registerId: string,
  who: { name: string; pin: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: TABLET,
    locale: 'en-US',
    deviceScaleFactor: 1,
    serviceWorkers: 'allow',
  });
  const page = await context.newPage();
  await page.goto(`${base}/register/`);
  await pairWithCode(page, base, registerId);
  await page.getByRole('heading', { name: 'Who is selling?' }).waitFor();
  await signInByPin(page, who.name, who.pin);
  await page.getByRole('button', { name: 'Online', exact: true }).waitFor();
  // The shell is cached and this page is controlled by the worker; numbers are reserved.
  await expect
    .poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), { timeout: 30_000 })
    .toBe(true);
  await expect.poll(() => numbersLeft(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
  return { context, page };
}

/** One counter sale of `item`, paid with exact cash; returns the receipt number shown. */
export async function sellExactCash(page: Page, item: RegExp): Promise<number> {
  await page.getByRole('button', { name: item }).first().click();
  await page.getByRole('button', { name: /^Pay Rp/ }).click();
  const pay = page.getByRole('dialog', { name: 'Payment' });
  await pay.getByRole('button', { name: /^Exact cash/ }).click();
  const receipt = page.getByRole('dialog', { name: 'Payment complete' });
  const number = await receipt.getByTestId('receipt-number').textContent();
  await receipt.getByRole('button', { name: 'New sale' }).click();
  await receipt.waitFor({ state: 'detached' });
  return Number(/(\d+)/.exec(number ?? '')![1]);
}

export const statusButton = (page: Page, name: string | RegExp) =>
  page.getByRole('banner').getByRole('button', { name });
/** Online with nothing left to upload: the pill reads exactly "Online" (not "Online — N waiting"). */
export const allSynced = (page: Page, timeout = 30_000) =>
  page.getByRole('banner').getByRole('button', { name: 'Online', exact: true }).waitFor({ timeout });

export interface OrderRow {
  id: string;
  status: string;
}
export interface FullOrder {
  id: string;
  status: string;
  receiptNumber: number | null;
  total: number;
  lines: { id: string; unitPrice: number; quantity: number }[];
}

/** The API's view of one outlet, as its owner sees it. */
export function outletApi(base: () => string, token: () => string, outletId: string) {
  async function orders(): Promise<OrderRow[]> {
    const out: OrderRow[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(
        base(),
        token(),
        'GET',
        `/v1/orders?outletId=${outletId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  }
  return {
    orders,
    /** The orders made since `before` (ids), in full (with their receipt numbers and lines). */
    async ordersSince(before: Set<string>): Promise<FullOrder[]> {
      const fresh = (await orders()).filter((o) => !before.has(o.id));
      return Promise.all(
        fresh.map(async (o) => (await api(base(), token(), 'GET', `/v1/orders/${o.id}`)).body as FullOrder),
      );
    },
    async events(): Promise<{ type: string; orderId: string | null; payload: any }[]> {
      const out: { type: string; orderId: string | null; payload: any }[] = [];
      let after = '0';
      for (;;) {
        const res = await api(base(), token(), 'GET', `/v1/events?after=${after}&limit=1000`);
        const items = res.body.items as { seq: string; type: string; orderId: string | null; payload: any }[];
        out.push(...items);
        if (items.length < 1000) {
          return out;
        }
        after = items[items.length - 1]!.seq;
      }
    },
    async ledgerOk(): Promise<void> {
      const check = await api(base(), token(), 'GET', '/v1/ledger/check');
      expect(check.body.ok, JSON.stringify(check.body)).toBe(true);
    },
  };
}
