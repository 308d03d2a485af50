// The cash drawer in the register, in a real browser against the real server (see support.ts).
import type { Browser } from 'playwright-core';
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

describe('cash drawer in the register', () => {
  it('opens with a counted float, closes with a blind denomination count and shows the variance', async () => {
    const register = kemang.registers[0]!;
    const { page } = await newRegister(browser, server.url);
    await pairWithCode(page, server.url, register.id);
    await signInByPin(page, 'Ani', DEMO.cashiers[0].pin);

    // Open: 2 × Rp 50.000 = Rp 100.000.
    await page.getByRole('button', { name: 'Drawer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cash drawer' });
    await dialog.getByRole('spinbutton', { name: `${rupiah(5_000_000)} count` }).fill('2');
    await expect.poll(() => dialog.getByText(`Total: ${rupiah(10_000_000)}`).isVisible()).toBe(true);
    await shot(page, 'drawer-01-open');
    await dialog.getByRole('button', { name: 'Open drawer' }).click();
    await dialog.getByRole('button', { name: 'Close drawer' }).waitFor();
    const open = await api(server.url, owner, 'GET', `/v1/registers/${register.id}/drawer-session`);
    expect(open.body.session).toMatchObject({ status: 'open', openingFloat: 10_000_000 });

    // Close with Rp 95.000 counted (1 × 50.000, 2 × 20.000, 1 × 5.000): Rp 5.000 short.
    await dialog.getByRole('button', { name: 'Close drawer' }).click();
    await dialog.getByRole('spinbutton', { name: `${rupiah(5_000_000)} count` }).fill('1');
    await dialog.getByRole('spinbutton', { name: `${rupiah(2_000_000)} count` }).fill('2');
    await dialog.getByRole('spinbutton', { name: `${rupiah(500_000)} count` }).fill('1');
    await shot(page, 'drawer-02-count');
    await dialog.getByRole('button', { name: 'Close and print Z' }).click();
    // Any difference needs a reason (threshold 0) and a manager's PIN.
    await dialog.getByRole('textbox', { name: 'Reason for the difference' }).fill('change given twice');
    await dialog.getByRole('button', { name: 'Close and print Z' }).click();
    const approval = page.getByRole('dialog', { name: 'Manager approval' });
    await approval.getByRole('radio', { name: /Budi/ }).click();
    await approval.getByRole('textbox', { name: 'Manager PIN' }).fill(DEMO.manager.pin);
    await approval.getByRole('button', { name: 'Approve' }).click();

    const closed = page.getByRole('dialog', { name: /Drawer closed · Z 1/ });
    await closed.waitFor();
    expect(await closed.getByTestId('drawer-variance').textContent()).toBe(rupiah(-500_000));
    await shot(page, 'drawer-03-closed');
    const z = await api(server.url, owner, 'GET', `/v1/registers/${register.id}/z-reports/1`);
    expect(z.status).toBe(200);
    expect(z.body.cash).toMatchObject({
      float: 10_000_000,
      expected: 10_000_000,
      counted: 9_500_000,
      variance: -500_000,
    });
    await page.context().close();
  });
});
