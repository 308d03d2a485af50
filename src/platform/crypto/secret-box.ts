import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Key material for secrets at rest: `current` seals; `previous` keys only open what they sealed
 * (key rotation: `KASIR_ENCRYPTION_KEY_PREVIOUS`, and the JWT secret that sealed everything before
 * `KASIR_ENCRYPTION_KEY` existed). `npm run secrets:reseal` moves stored secrets to `current`.
 */
export interface SealingKeys {
  current: string;
  previous?: readonly string[];
}

/**
 * The keys the configuration gives: `KASIR_ENCRYPTION_KEY` (generated into the data directory for
 * the embedded database) seals; without it (development on a server database) the JWT secret does,
 * as before. The previous encryption key and the JWT secret stay readable.
 */
export function sealingKeys(o: {
  encryptionKey?: string | undefined;
  previousEncryptionKey?: string | undefined;
  jwtSecret: string;
}): SealingKeys {
  const current = o.encryptionKey ?? o.jwtSecret;
  const previous = [o.previousEncryptionKey, o.jwtSecret].filter(
    (k): k is string => k !== undefined && k !== '' && k !== current,
  );
  return { current, previous: [...new Set(previous)] };
}

/**
 * Encrypts secrets at rest with AES-256-GCM. The key is derived (HKDF-SHA256) from key material
 * given by the operator (or generated into the data directory) and a purpose string, so a copy of
 * the database alone reveals nothing and keys for different purposes differ. Each ciphertext is
 * bound to the row it belongs to (additional data): moved to another row it does not decrypt.
 * Format: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url); the key id names the key that sealed
 * it, so `open` picks the right one of the current and previous keys, and an unknown key is
 * reported as such instead of as garbage.
 */
export function createSecretBox(keys: string | SealingKeys, purpose: string) {
  const ring = typeof keys === 'string' ? { current: keys } : keys;
  const derive = (material: string) => {
    const key = Buffer.from(hkdfSync('sha256', material, '', purpose, 32));
    return { key, id: createHash('sha256').update(key).digest('hex').slice(0, 8) };
  };
  const current = derive(ring.current);
  const byId = new Map([current, ...(ring.previous ?? []).map(derive)].reverse().map((k) => [k.id, k.key]));
  const aad = (binding: readonly string[]) => Buffer.from(binding.join('/'), 'utf8');

  function seal(plaintext: string, ...binding: string[]): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    cipher.setAAD(aad(binding));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', current.id, iv, ct, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The secret, or throws `SecretUnreadableError` (an unknown key, or tampered). */
  function open(sealed: string, ...binding: string[]): string {
    const [version, kid, iv, ct, tag] = sealed.split('.');
    if (version !== 'v1' || iv === undefined || ct === undefined || tag === undefined) {
      throw new SecretUnreadableError('unknown format');
    }
    const key = kid === undefined ? undefined : byId.get(kid);
    if (!key) {
      throw new SecretUnreadableError('sealed with another key');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad(binding));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretUnreadableError('authentication failed');
    }
  }

  return {
    seal,
    open,
    /**
     * The value sealed again with the current key, or null when it already is. Throws
     * `SecretUnreadableError` when no known key opens it.
     */
    reseal(sealed: string, ...binding: string[]): string | null {
      return sealed.split('.')[1] === current.id ? null : seal(open(sealed, ...binding), ...binding);
    },
  };
}
export type SecretBox = ReturnType<typeof createSecretBox>;

export class SecretUnreadableError extends Error {
  constructor(reason: string) {
    super(`stored secret unreadable (${reason}); set it again`);
    this.name = 'SecretUnreadableError';
  }
}
