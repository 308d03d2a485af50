// Browser tests of the web apps: the real server (buildApp listening on 127.0.0.1) on a database
// of its own with the demo business and the local gateway simulators, as `npm start` runs them,
// driven by Debian's chromium through playwright-core. Screenshots go to test-results/screenshots.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { startDemoGateways } from '../../src/demo/payments.ts';
import { DEMO, seedDemo, type DemoSummary } from '../../src/demo/seed.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { pollUntil } from '../support/poll.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import type { Simulators } from '../../src/simulators/index.ts';

export { DEMO };
export const SCREENSHOTS = path.resolve('test-results/screenshots');
const JWT = 'web-test-secret-web-test-secret-123';

export interface WebServer {
  url: string;
  app: FastifyInstance;
  database: TestDatabase;
  demo: DemoSummary;
  sims: Simulators;
  close(): Promise<void>;
}

/** `config` overrides the defaults (e.g. an SMTP server, private printer addresses). */
export async function startWebServer(
  overrides: Partial<ReturnType<typeof loadConfig>> = {},
): Promise<WebServer> {
  const database = await createTestDatabase();
  const config = {
    ...loadConfig({}),
    rateLimit: { max: 1_000_000, authMax: 1_000_000, windowMs: 60_000 },
    ...overrides,
  };
  const app = await buildApp({
    db: database.db,
    databaseUrl: database.url,
    config,
    jwtSecret: JWT,
    logger: false,
  });
  const demo = await seedDemo(database.db, app.services, () => new Date());
  if (!demo) {
    throw new Error('demo not seeded');
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const sims = await startDemoGateways(app, url, demo.tenantId);
  return {
    url,
    app,
    database,
    demo,
    sims,
    close: async () => {
      await sims.close();
      await app.close();
      await database.destroy();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** A 10" tablet in landscape (the register's main target). */
export const TABLET = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function newRegister(
  browser: Browser,
  base: string,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? TABLET,
    locale: options.locale ?? 'en-US',
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  await page.goto(`${base}/register/`);
  return { context, page };
}

/** The back office signed in as the demo owner, on its dashboard. */
export async function openOffice(
  browser: Browser,
  base: string,
  viewport: { width: number; height: number } = TABLET,
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US', deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${base}/office/`);
  await page.getByLabel('Email').fill(DEMO.owner.email);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Today/ }).waitFor();
  return page;
}

/** The back office's two target sizes: a laptop, and a 10" tablet in landscape. */
export const OFFICE_DESKTOP = { width: 1440, height: 900 };
export const OFFICE_SMALL = { width: 1024, height: 768 };

/** Screenshots of the back office at both sizes, once the toasts of earlier steps have closed (4 s). */
export async function officeShots(page: Page, name: string): Promise<void> {
  await pollUntil(
    () => page.locator('.toast').count(),
    (n) => n === 0,
    10_000,
  );
  await shot(page, `${name}-1440`);
  await page.setViewportSize(OFFICE_SMALL);
  await shot(page, `${name}-1024`);
  await page.setViewportSize(OFFICE_DESKTOP);
}

/** Opens a section of the signed-in back office by its navigation button (and waits for its heading). */
export async function officeSection(page: Page, name: string, heading = name): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForTimeout(250); // let dialog animations settle
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** An API call as a demo person (login by password). */
export async function api(base: string, token: string | null, method: string, url: string, body?: unknown) {
  const res = await fetch(base + url, {
    // A request the server never answers fails the step with its URL instead of hanging the story.
    signal: AbortSignal.timeout(30_000),
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function login(base: string, email: string): Promise<string> {
  const res = await api(base, null, 'POST', '/v1/auth/login', { email, password: DEMO.password });
  if (res.status !== 200) {
    throw new Error(`login ${email}: ${JSON.stringify(res.body)}`);
  }
  return res.body.accessToken as string;
}

/** Pairs the register in the page with a pairing code a manager issued through the API. */
export async function pairWithCode(page: Page, base: string, registerId: string): Promise<void> {
  const manager = await login(base, DEMO.manager.email);
  const code = await api(base, manager, 'POST', `/v1/registers/${registerId}/pairing-codes`);
  await page.getByLabel('Pairing code').fill(code.body.code);
  await page.getByRole('button', { name: 'Pair this device' }).click();
}

/** On the lock screen: tap the person, type the PIN on the keypad. */
export async function signInByPin(
  page: Page,
  name: string,
  pin: string,
  lang: 'EN' | 'ID' = 'EN',
): Promise<void> {
  await page.getByRole('radio', { name: lang, exact: true }).click(); // this person's language
  await page.getByRole('button', { name: new RegExp(name) }).click();
  for (const digit of pin) {
    await page.getByRole('group', { name: 'PIN' }).getByRole('button', { name: digit, exact: true }).click();
  }
  await page.getByRole('button', { name: 'OK' }).click();
}

/** Money as the register shows it for the IDR demo tenant: `Rp 25.000`. */
/** The business day (YYYY-MM-DD) in a time zone now, as the reports take `from` and `to`. */
export function businessDay(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

export function rupiah(minor: number): string {
  return new Intl.NumberFormat('id-ID', {
    style: 'currency',
    currency: 'IDR',
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  })
    .format(minor / 100)
    .replace(/\s/g, '\u00a0');
}

/**
 * The kitchen display on a tablet in its own browser context (closed with the browser): the demo
 * cook at an outlet's Dapur station, signed in and live.
 */
export async function openKitchenDisplay(browser: Browser, base: string, outletName: string): Promise<Page> {
  const context = await browser.newContext({ viewport: TABLET, locale: 'en-US', deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${base}/kitchen/`);
  await page.getByLabel('Email').fill(DEMO.kitchen.email);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Which outlet is this screen in?' }).waitFor();
  await page.getByRole('button', { name: outletName }).click();
  await page.getByRole('button', { name: /^Dapur/ }).click();
  await page.getByRole('heading', { name: 'Dapur' }).waitFor();
  await page.getByRole('status', { name: 'Live' }).waitFor();
  return page;
}

/**
 * The customer pays the first pending payment on a gateway simulator's page, in a fresh page of the
 * given browser context, and the form's answer (a 303 back to the page) is awaited before the page
 * closes: closing right after the click could cut the POST, and the page reloads itself every 5 s.
 */
export async function payOnSimulator(context: BrowserContext, simulatorUrl: string): Promise<void> {
  const sim = await context.newPage();
  try {
    await sim.goto(`${simulatorUrl}/`);
    const [paid] = await Promise.all([
      sim.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/_sim/payments/')),
      sim.getByRole('button', { name: 'Pay' }).first().click(),
    ]);
    if (paid.status() !== 303) {
      throw new Error(`the simulator answered ${paid.status()} to Pay`);
    }
    // The 303 navigates the page back to the list: let that commit before closing.
    await sim.waitForLoadState('load').catch(() => undefined);
  } finally {
    await closePage(sim);
  }
}

/**
 * Closes a page, waiting at most 5 s. Chromium can acknowledge a close that races a navigation
 * commit without closing the page, and `page.close()` then never settles (microsoft/playwright
 * #42366) — the simulator's page reloads itself every 5 s, so a story closing it could hang until
 * its own timeout. The page is left to the context's close then.
 */
export async function closePage(page: Page): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    page.close().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 5_000);
    }),
  ]);
  clearTimeout(timer);
}
