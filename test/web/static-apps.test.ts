// The server serves the built apps: hashed assets cached for a year, the app shell revalidated,
// client-side routes answered with the shell, all public (the API authenticates, not the files).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS_DIST } from '../../src/platform/http/static-apps.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('web apps served by the server', () => {
  it('serves /register/ with no-cache and its hashed assets immutable for a year', async () => {
    const redirect = await t.app.inject({ url: '/register' });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/register/');

    const shell = await t.app.inject({ url: '/register/' });
    expect(shell.statusCode).toBe(200);
    expect(shell.headers['content-type']).toMatch(/text\/html/);
    expect(shell.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/assets\/register-[^"]+\.js)"/.exec(shell.body)?.[1];
    expect(script).toBeDefined();

    const asset = await t.app.inject({ url: script! });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    // The production build of React, even when built under vitest (NODE_ENV=test). With several
    // apps, React sits in a chunk they share: read the entry and the chunks it imports.
    const chunks = [...asset.body.matchAll(/from"\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
    const bundle = [
      asset.body,
      ...(await Promise.all(chunks.map(async (c) => (await t.app.inject({ url: `/assets/${c}` })).body))),
    ].join('\n');
    expect(bundle).toContain('react.dev/errors');
    expect(bundle).not.toContain('cannot be a child of');

    // A client-side route after a reload is the app shell too.
    const deep = await t.app.inject({ url: '/register/orders/today' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toBe(shell.body);
    // Nothing outside the build leaks out.
    expect((await t.app.inject({ url: '/register/../package.json' })).body).not.toContain('"dependencies"');
    expect((await t.app.inject({ url: '/assets/nope.js' })).statusCode).toBe(404);
  });

  it('the register is an installable PWA: manifest and service worker under /register/', async () => {
    const manifest = await t.app.inject({ url: '/register/manifest.webmanifest' });
    expect(manifest.statusCode).toBe(200);
    expect(JSON.parse(manifest.body)).toMatchObject({
      start_url: '/register/',
      scope: '/register/',
      display: 'standalone',
    });
    const sw = await t.app.inject({ url: '/register/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['service-worker-allowed']).toBe('/register/');
    expect(sw.body).toContain('register/index.html'); // the shell is precached
  });

  it('serves the back office at /office/ the same way', async () => {
    expect((await t.app.inject({ url: '/office' })).headers.location).toBe('/office/');
    const shell = await t.app.inject({ url: '/office/' });
    expect(shell.statusCode).toBe(200);
    expect(shell.headers['cache-control']).toBe('no-cache');
    expect(shell.body).toMatch(/src="\/assets\/office-[^"]+\.js"/);
    expect((await t.app.inject({ url: '/office/reports' })).body).toBe(shell.body);
    expect((await t.app.inject({ url: '/office/icon.svg' })).statusCode).toBe(200);
  });

  it('serves the waiter app at /waiter/ the same way', async () => {
    expect((await t.app.inject({ url: '/waiter' })).headers.location).toBe('/waiter/');
    const shell = await t.app.inject({ url: '/waiter/' });
    expect(shell.statusCode).toBe(200);
    expect(shell.headers['cache-control']).toBe('no-cache');
    expect(shell.body).toMatch(/src="\/assets\/waiter-[^"]+\.js"/);
    expect((await t.app.inject({ url: '/waiter/order/abc' })).body).toBe(shell.body);
    expect((await t.app.inject({ url: '/waiter/icon.svg' })).statusCode).toBe(200);
  });

  it('serves the kitchen display at /kitchen/, its order-ready board a client-side route', async () => {
    expect((await t.app.inject({ url: '/kitchen' })).headers.location).toBe('/kitchen/');
    const shell = await t.app.inject({ url: '/kitchen/' });
    expect(shell.statusCode).toBe(200);
    expect(shell.headers['cache-control']).toBe('no-cache');
    expect(shell.body).toMatch(/src="\/assets\/kitchen-[^"]+\.js"/);
    expect((await t.app.inject({ url: '/kitchen/board' })).body).toBe(shell.body);
    expect((await t.app.inject({ url: '/kitchen/icon.svg' })).statusCode).toBe(200);
  });

  it('every built asset has a content hash in its name', () => {
    const files = readdirSync(path.join(APPS_DIST, 'assets'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => /-[A-Za-z0-9_-]{8}\.(js|css|woff2?|svg|png)$/.test(f))).toBe(true);
  });
});
