import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { randomSecret } from '../../platform/crypto/secrets.ts';

/** A new endpoint signing secret: `whsec_` + 32 random bytes. Receivers use the whole string as the HMAC key. */
export function newSigningSecret(): string {
  return `whsec_${randomSecret(32)}`;
}

/**
 * Encrypts signing secrets at rest with AES-256-GCM. The key is derived (HKDF-SHA256) from the
 * server's own secret, so a copy of the database alone does not reveal them. Each ciphertext is
 * bound to its tenant and endpoint (additional data): moved to another row it does not decrypt.
 * Format: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url); the key id names the key that
 * sealed it, so a changed server secret is reported as such instead of as garbage.
 */
export function createSecretBox(serverSecret: string) {
  const key = Buffer.from(hkdfSync('sha256', serverSecret, '', 'kasir webhook signing secrets v1', 32));
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const aad = (tenantId: string, endpointId: string) => Buffer.from(`${tenantId}/${endpointId}`, 'utf8');

  return {
    seal(plaintext: string, tenantId: string, endpointId: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(tenantId, endpointId));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv, ct, cipher.getAuthTag()]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    /** The secret, or throws `SecretUnreadableError` (another server secret, or tampered). */
    open(sealed: string, tenantId: string, endpointId: string): string {
      const [version, kid, iv, ct, tag] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || ct === undefined || tag === undefined) {
        throw new SecretUnreadableError('unknown format');
      }
      if (kid !== keyId) {
        throw new SecretUnreadableError('sealed with another server secret');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(aad(tenantId, endpointId));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new SecretUnreadableError('authentication failed');
      }
    },
  };
}
export type SecretBox = ReturnType<typeof createSecretBox>;

export class SecretUnreadableError extends Error {
  constructor(reason: string) {
    super(`webhook signing secret unreadable (${reason}); rotate the endpoint's secret`);
    this.name = 'SecretUnreadableError';
  }
}
