import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, createTenant, createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { IDEMPOTENCY_RETENTION_MS, pruneIdempotencyKeys } from './maintenance.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('keeps idempotency keys for 48 hours, then prunes them', async () => {
  const tenant = await createTenant(t.app);
  const api = client(t.app);
  await api.post('/v1/outlets', { name: 'Kept' }, tenant.ownerToken, { 'idempotency-key': 'prune-me' });
  const db = t.database.db;
  const now = new Date();
  expect(await pruneIdempotencyKeys(db, new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS - 60_000))).toBe(0);
  const replay = await api.post('/v1/outlets', { name: 'Kept' }, tenant.ownerToken, {
    'idempotency-key': 'prune-me',
  });
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(await pruneIdempotencyKeys(db, new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS + 60_000), 1)).toBe(
    1,
  );
  expect(
    await db.selectFrom('idempotency_keys').select('key').where('key', '=', 'prune-me').execute(),
  ).toEqual([]);
});
