import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts secrets at rest with AES-256-GCM. The key is derived (HKDF-SHA256) from the server's
 * own secret (from the environment on a server) and a purpose string, so a copy of the database
 * alone reveals nothing and keys for different purposes differ. Each ciphertext is bound to the
 * row it belongs to (additional data): moved to another row it does not decrypt.
 * Format: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url); the key id names the key that sealed
 * it, so a changed server secret is reported as such instead of as garbage.
 */
export function createSecretBox(serverSecret: string, purpose: string) {
  const key = Buffer.from(hkdfSync('sha256', serverSecret, '', purpose, 32));
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const aad = (binding: readonly string[]) => Buffer.from(binding.join('/'), 'utf8');

  return {
    seal(plaintext: string, ...binding: string[]): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(binding));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv, ct, cipher.getAuthTag()]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    /** The secret, or throws `SecretUnreadableError` (another server secret, or tampered). */
    open(sealed: string, ...binding: string[]): string {
      const [version, kid, iv, ct, tag] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || ct === undefined || tag === undefined) {
        throw new SecretUnreadableError('unknown format');
      }
      if (kid !== keyId) {
        throw new SecretUnreadableError('sealed with another server secret');
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
