// The end of a register's receipt numbers while offline (issue 12): the register holds one block
// of 50 numbers reserved while online; it warns from 9 left, and at none it refuses the next sale
// before any money is taken (a number made up offline could be given to another sale meanwhile:
// duplicate; skipping one would leave a hole in the outlet's sequence). Back online, the queue
// uploads, a new block is reserved, and the waiting cart is sold.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allSynced,
  numbersLeft,
  openRegister,
  outletApi,
  sellExactCash,
  statusButton,
} from './offline-support.ts';
import { DEMO, launchBrowser, login, shot, startWebServer, type WebServer } from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  owner = await login(server.url, 'owner@warung.demo');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('register offline: receipt numbers run out', { timeout: 400_000 }, () => {
  it('warns from 9 numbers left; at none the next sale is refused before payment, clearly; back online it syncs and sells again', async () => {
    const kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
    const outlet = outletApi(
      () => server.url,
      () => owner,
      kemang.id,
    );
    const before = new Set((await outlet.orders()).map((o) => o.id));
    const { context, page } = await openRegister(browser, server.url, kemang.registers[0]!.id, {
      name: 'Ani',
      pin: DEMO.cashiers[0].pin,
    });
    const held = await numbersLeft(page);
    expect(held).toBe(50); // one block: what this register can sell offline

    await context.setOffline(true);
    await statusButton(page, 'Offline').waitFor();
    const warning = page.getByRole('banner').getByRole('alert');
    const numbers: number[] = [];
    for (let i = 0; i < held; i++) {
      const left = held - i;
      // No warning while 10 or more numbers are left; from 9 on, the count left.
      if (left === 10) {
        expect(await warning.count()).toBe(0);
      }
      numbers.push(await sellExactCash(page, /^Mie Ayam/));
      if (left - 1 === 9) {
        await warning.getByText('9 receipt numbers left').waitFor();
        await shot(page, 'offline-10-few-numbers');
      }
    }
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    await warning.getByText('No receipt numbers left').waitFor();
    await statusButton(page, `Offline — ${held} sales waiting to sync`).waitFor();

    // One more customer: refused before any money changes hands, and the cart stays.
    await page.getByRole('button', { name: /^Mie Ayam/ }).click();
    await page.getByRole('button', { name: /^Pay Rp/ }).click();
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay
      .getByRole('alert')
      .getByText(/No offline receipt numbers left on this register: this sale cannot be recorded/)
      .waitFor();
    expect(await pay.getByRole('button', { name: /^Exact cash/ }).count()).toBe(0);
    await shot(page, 'offline-11-no-numbers');
    await page.keyboard.press('Escape');
    await pay.waitFor({ state: 'detached' });
    await statusButton(page, `Offline — ${held} sales waiting to sync`).waitFor();

    // Back online: the queue uploads, a new block is reserved, the waiting cart sells (online).
    await context.setOffline(false);
    await allSynced(page, 60_000);
    await expect.poll(() => numbersLeft(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
    expect(await warning.count()).toBe(0);
    await page.getByRole('button', { name: /^Pay Rp/ }).click();
    await page
      .getByRole('dialog', { name: 'Payment' })
      .getByRole('button', { name: /^Exact cash/ })
      .click();
    const receipt = page.getByRole('dialog', { name: 'Payment complete' });
    await receipt.getByRole('button', { name: 'New sale' }).click();

    const after = await outlet.ordersSince(before);
    expect(after).toHaveLength(held + 1);
    expect(after.every((o) => o.status === 'completed')).toBe(true);
    const got = after.map((o) => o.receiptNumber!).sort((a, b) => a - b);
    expect(got.slice(0, held)).toEqual(numbers);
    expect(new Set(got).size).toBe(held + 1);
    await outlet.ledgerOk();
    await context.close();
  });
});
