import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/embedded.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import { request, seedBusiness, startServer, type ServerProcess } from './spawn-server.ts';

// Kill -9 the server while a register uploads the sales it made offline; after a restart the
// register sends the same upload again: every sale is there exactly once (the ones committed
// before the crash answer `duplicate`, the rest are recorded now), numbers unique, ledger balanced.
let dataDir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kasir-sync-crash-'));
  await chmod(dataDir, 0o755);
});
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('sync crash', () => {
  it('a sync cut by SIGKILL completes on the next upload without loss or duplicate', async () => {
    const port = await freePort();
    const env = {
      KASIR_DATA_DIR: dataDir,
      KASIR_DEMO: '0',
      KASIR_RATE_LIMIT: '100000',
      KASIR_AUTH_RATE_LIMIT: '100000',
    };
    server = await startServer(env, port);
    const base = server.url;
    const biz = await seedBusiness(base, 'Sync Crash Cafe');
    const ok = async (method: string, p: string, body: unknown, token: string) => {
      const r = await request(server!.url, method, p, body, token);
      expect(r.status, `${p} ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    const outletId = biz.order.outletId;
    const register = await ok('POST', '/v1/registers', { outletId, name: 'Kasir 1' }, biz.token);
    const roles = await ok('GET', '/v1/roles', undefined, biz.token);
    const roleId = roles.items.find((r: { key: string }) => r.key === 'cashier').id;
    const cashier = await ok(
      'POST',
      '/v1/staff',
      {
        email: `c.${Date.now()}@e2e.kasir`,
        name: 'Cashier',
        password: 'staff password 1',
        roleId,
        pin: '2468',
      },
      biz.token,
    );
    const code = await ok('POST', `/v1/registers/${register.id}/pairing-codes`, {}, biz.token);
    const paired = await request(base, 'POST', '/v1/devices/pair', { code: code.code, name: 'Tablet' });
    const pin = await request(
      base,
      'POST',
      '/v1/auth/pin',
      { membershipId: cashier.id, pin: '2468' },
      paired.body.deviceToken,
    );
    const till = pin.body.accessToken as string;
    const block = await ok('POST', '/v1/sync/receipt-blocks', { size: 150 }, till);

    const line = biz.order.lines[0]!;
    const sales = Array.from({ length: 150 }, (_, i) => {
      const total = 1_000_000;
      return {
        clientId: newId(),
        sequence: i + 1,
        deviceTime: new Date().toISOString(),
        catalogVersion: '1',
        blockId: block.id,
        receiptNumber: block.firstNumber + i,
        total,
        diningOption: 'takeaway',
        lines: [
          {
            ...line,
            id: newId(),
            sold: { name: 'Kopi', variantName: 'R', unitPrice: 1_000_000, modifiers: [], taxRates: [] },
          },
        ],
        payments: [{ id: newId(), method: 'cash', tendered: total }],
      };
    });

    // The upload starts; once some sales are committed, the process is killed under it.
    const upload = request(base, 'POST', '/v1/sync/sales', { sales }, till).catch((e: Error) => e);
    let committed = 0;
    while (committed < 10) {
      await new Promise((r) => setTimeout(r, 50));
      const page = await request(
        base,
        'GET',
        `/v1/orders?limit=200&outletId=${outletId}`,
        undefined,
        biz.token,
      );
      committed = page.body.items.length;
    }
    server.proc.kill('SIGKILL');
    await server.exited;
    const cut = await upload;
    expect(cut).toBeInstanceOf(Error); // no acknowledgement: the register keeps its queue

    server = await startServer(env, port);
    const login = await request(server.url, 'POST', '/v1/auth/login', {
      email: biz.email,
      password: 'e2e password 1',
    });
    const owner = login.body.accessToken as string;
    const before = (
      await request(server.url, 'GET', `/v1/orders?limit=200&outletId=${outletId}`, undefined, owner)
    ).body.items.length as number;
    expect(before).toBeGreaterThanOrEqual(10);
    expect(before).toBeLessThan(150);

    // The register sends the same upload again.
    const again = await request(server.url, 'POST', '/v1/sync/sales', { sales }, till);
    expect(again.status, JSON.stringify(again.body).slice(0, 500)).toBe(200);
    const statuses = again.body.results.map((r: { status: string }) => r.status);
    expect(statuses.filter((s: string) => s === 'duplicate').length).toBe(before);
    expect(statuses.filter((s: string) => s === 'accepted').length).toBe(150 - before);

    const orders: { id: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; status: string }[]; nextCursor: string | null } } =
        await request(
          server.url,
          'GET',
          `/v1/orders?limit=200&outletId=${outletId}${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          owner,
        );
      orders.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(orders.map((o) => o.id))).toEqual(new Set(sales.map((s) => s.clientId)));
    expect(orders.every((o) => o.status === 'completed')).toBe(true);
    const numbers = new Set<number>();
    for (const s of sales.slice(0, 150)) {
      const o = await request(server.url, 'GET', `/v1/orders/${s.clientId}`, undefined, owner);
      numbers.add(o.body.receiptNumber as number);
    }
    expect([...numbers].sort((a, b) => a - b)).toEqual(sales.map((s) => s.receiptNumber));
    const check = await request(server.url, 'GET', '/v1/ledger/check', undefined, owner);
    expect(check.body.ok, JSON.stringify(check.body)).toBe(true);
  }, 400_000);
});
