import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { loadOrCreateSecrets } from './secrets.ts';

const LONG = 'a-jwt-secret-of-forty-bytes-0123456789ab';
const KEY = 'an-encryption-key-of-forty-bytes-0123456';

describe('secrets in the configuration', () => {
  it('refuses a JWT secret (or encryption key) under 32 bytes, naming the variable', () => {
    expect(() => loadConfig({ KASIR_JWT_SECRET: 'short-secret' })).toThrow(/KASIR_JWT_SECRET.*32 bytes/);
    expect(() => loadConfig({ KASIR_JWT_SECRET: 'x'.repeat(31) })).toThrow(/KASIR_JWT_SECRET/);
    expect(() => loadConfig({ KASIR_ENCRYPTION_KEY: 'short' })).toThrow(/KASIR_ENCRYPTION_KEY/);
    expect(() => loadConfig({ KASIR_ENCRYPTION_KEY_PREVIOUS: 'short' })).toThrow(
      /KASIR_ENCRYPTION_KEY_PREVIOUS/,
    );
    expect(loadConfig({ KASIR_JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toBe('x'.repeat(32));
  });

  it('in production, requires KASIR_ENCRYPTION_KEY, apart from the JWT secret', () => {
    const prod = { NODE_ENV: 'production', KASIR_JWT_SECRET: LONG };
    expect(() => loadConfig(prod)).toThrow(/KASIR_ENCRYPTION_KEY must be set/);
    expect(() => loadConfig({ ...prod, KASIR_ENCRYPTION_KEY: LONG })).toThrow(/must differ/);
    const ok = loadConfig({ ...prod, KASIR_ENCRYPTION_KEY: KEY, KASIR_ENCRYPTION_KEY_PREVIOUS: LONG + 'x' });
    expect(ok).toMatchObject({ encryptionKey: KEY, encryptionKeyPrevious: LONG + 'x' });
    // Outside production the key stays optional (development falls back to the JWT secret).
    expect(loadConfig({ KASIR_JWT_SECRET: LONG }).encryptionKey).toBeUndefined();
  });

  it('private outbound addresses: off by default; KASIR_OUTBOUND_ALLOW_PRIVATE, or the old webhooks name', () => {
    expect(loadConfig({}).outboundAllowPrivate).toBe(false);
    expect(loadConfig({ KASIR_OUTBOUND_ALLOW_PRIVATE: '1' }).outboundAllowPrivate).toBe(true);
    expect(loadConfig({ KASIR_WEBHOOKS_ALLOW_PRIVATE: '1' }).outboundAllowPrivate).toBe(true);
  });
});

describe('secrets generated into the data directory (embedded database)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kasir-secrets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates a JWT secret and a separate encryption key, both 32 random bytes, kept across starts', async () => {
    const fresh = path.join(dir, 'fresh');
    const first = await loadOrCreateSecrets(fresh);
    expect(Buffer.byteLength(first.jwtSecret)).toBeGreaterThanOrEqual(32);
    expect(Buffer.byteLength(first.encryptionKey)).toBeGreaterThanOrEqual(32);
    expect(first.encryptionKey).not.toBe(first.jwtSecret);
    expect(await loadOrCreateSecrets(fresh)).toEqual(first);
  });

  it('adds an encryption key to a secrets file written before it existed, keeping the rest', async () => {
    const old = path.join(dir, 'old');
    await loadOrCreateSecrets(old);
    const file = path.join(old, 'secrets.json');
    await writeFile(file, JSON.stringify({ pgPassword: 'pg-pass', jwtSecret: LONG }));
    const upgraded = await loadOrCreateSecrets(old);
    expect(upgraded).toMatchObject({ pgPassword: 'pg-pass', jwtSecret: LONG });
    expect(Buffer.byteLength(upgraded.encryptionKey)).toBeGreaterThanOrEqual(32);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(upgraded);
    expect(await loadOrCreateSecrets(old)).toEqual(upgraded);
  });
});
