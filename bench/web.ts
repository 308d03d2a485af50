// `npm run bench:web` (also run by `npm run bench`): the register in Debian's chromium against the
// real server on a fresh database. Prints one table; these are figures, not timed tests.
//   - register JS + CSS, gzip -9 (goal ≤ 250 KiB)
//   - first load to interactive from localhost: navigation → first menu tile clickable, cold cache
//     (fresh browser context each time), paired device and signed-in person (goal ≤ 1.5 s)
//   - tap → cart total updated, p50 / p95 over a scripted 50-item sale (goal ≤ 50 ms)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildApps } from '../apps/build.ts';
import { buildApp } from '../src/app.ts';
import { DEMO, seedDemo } from '../src/demo/seed.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { APPS_DIST } from '../src/platform/http/static-apps.ts';
import { openBenchDatabase } from './database.ts';

const log = (line: string) => process.stderr.write(`[bench:web] ${line}\n`);
const LOADS = 5;
const TAPS = 50;
const TAP_SCRIPT = `(async () => {
  const names = ['Nasi Goreng Spesial', 'Mie Ayam', 'Sate Ayam'];
  const out = [];
  const total = () => document.querySelector('[data-testid="cart-total"]')?.textContent ?? '';
  for (let k = 0; k < N_TAPS; k++) {
    const btn = [...document.querySelectorAll('button.tile')].find((b) =>
      (b.getAttribute('aria-label') || '').startsWith(names[k % names.length]));
    const before = total();
    const t = performance.now();
    btn.click();
    await new Promise((resolve) => {
      const check = () => (total() !== before ? resolve() : requestAnimationFrame(check));
      check();
    });
    out.push(performance.now() - t);
  }
  return out;
})()`;

/**
 * The register's JS + CSS: what the first load fetches (index.html's script, styles and module
 * preloads), and everything including the chunks loaded later (dialogs, the other language).
 */
function bundleGzipBytes(which: 'initial' | 'all'): { raw: number; gzip: number } {
  const html = readFileSync(path.join(APPS_DIST, 'register/index.html'), 'utf8');
  const files =
    which === 'initial'
      ? [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
      : readdirSync(path.join(APPS_DIST, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  let raw = 0;
  let gzip = 0;
  for (const f of new Set(files)) {
    const bytes = readFileSync(path.join(APPS_DIST, 'assets', f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function json(base: string, method: string, url: string, token: string | null, body?: unknown) {
  const res = await fetch(base + url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as any;
}

export async function runWebBench(): Promise<string> {
  await buildApps({ quiet: true });
  const size = bundleGzipBytes('initial');
  const sizeAll = bundleGzipBytes('all');
  const database = await openBenchDatabase(process.env.DATABASE_URL || undefined, log);
  const jwtSecret = 'bench-web-secret-bench-web-secret-1';
  const app = await buildApp({
    db: database.db,
    databaseUrl: database.url,
    config: { ...loadConfig({}), rateLimit: { max: 1e9, authMax: 1e9, windowMs: 60_000 } },
    jwtSecret,
    logger: false,
  });
  const demo = await seedDemo(database.db, app.services, () => new Date());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    const outlet = demo!.outlets.find((o) => o.name.includes('Kemang'))!;
    const manager = (
      await json(base, 'POST', '/v1/auth/login', null, { email: DEMO.manager.email, password: DEMO.password })
    ).accessToken;
    const code = (await json(base, 'POST', `/v1/registers/${outlet.registers[0]!.id}/pairing-codes`, manager))
      .code;
    const paired = await json(base, 'POST', '/v1/devices/pair', null, { code, name: 'bench' });
    const staff = (
      (await fetch(`${base}/v1/device/staff`, {
        headers: { authorization: `Bearer ${paired.deviceToken}` },
      }).then((r) => r.json())) as { items: any[] }
    ).items;
    const ani = staff.find((s) => s.displayName.startsWith('Ani'));
    const pin = await json(base, 'POST', '/v1/auth/pin', paired.deviceToken, {
      membershipId: ani.id,
      pin: DEMO.cashiers[0].pin,
    });
    const storage = {
      'kasir.device': JSON.stringify({ ...paired.device, token: paired.deviceToken }),
      'kasir.session': JSON.stringify({
        accessToken: pin.accessToken,
        refreshToken: pin.refreshToken,
        expiresAt: Date.now() + pin.expiresIn * 1000,
        membershipId: pin.membershipId,
        userId: pin.userId,
        displayName: ani.displayName,
        role: ani.role,
      }),
      [`kasir.lang.${pin.membershipId}`]: 'en',
    };

    const loads: number[] = [];
    let taps: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        serviceWorkers: 'block',
      });
      await context.addInitScript(
        `for (const [k, v] of Object.entries(${JSON.stringify(storage)})) localStorage.setItem(k, v);`,
      );
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(`${base}/register/`);
      await page.getByRole('button', { name: /^Mie Ayam/ }).waitFor();
      loads.push(Date.now() - t0);
      if (i === LOADS - 1) {
        // A scripted 50-item sale: tap, then wait for the total to change (rendered), in the page.
        // (A string, so the TypeScript loader's helpers do not leak into the page.)
        taps = await page.evaluate<number[]>(TAP_SCRIPT.replace('N_TAPS', String(TAPS)));
      }
      await context.close();
    }
    const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
    const rows = [
      ['register JS+CSS, first load (gzip -9)', kib(size.gzip), `raw ${kib(size.raw)}`, '≤ 250 KiB'],
      ['apps JS+CSS, every chunk (gzip -9)', kib(sizeAll.gzip), `raw ${kib(sizeAll.raw)}`, ''],
      [
        'first load → interactive (localhost, cold)',
        `${pct(loads, 50)} ms median`,
        `max ${Math.max(...loads)} ms of ${LOADS}`,
        '≤ 1500 ms',
      ],
      [
        'tap → cart total updated',
        `p95 ${pct(taps, 95).toFixed(1)} ms`,
        `p50 ${pct(taps, 50).toFixed(1)} ms, ${TAPS} taps`,
        '≤ 50 ms',
      ],
    ];
    const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length), 6));
    return [
      'Web apps (register, chromium headless)',
      ...rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')),
    ].join('\n');
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('bench', 'web.ts'))) {
  console.log(await runWebBench());
  process.exit(0);
}
