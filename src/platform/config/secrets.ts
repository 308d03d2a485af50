import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomSecret } from '../crypto/secrets.ts';

/** Secrets Kasir generates for itself on first start and keeps in the data directory (mode 600). */
export interface LocalSecrets {
  pgPassword: string;
  /** 32 random bytes (43 characters). */
  jwtSecret: string;
  /**
   * Seals gateway credentials and webhook signing secrets: independent of the JWT secret, so
   * either can change alone. Added to a file written before it existed (what the JWT secret
   * sealed then stays readable: see platform/crypto/secret-box `sealingKeys`).
   */
  encryptionKey: string;
}

export async function loadOrCreateSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  const existing = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    const secrets = JSON.parse(existing) as Partial<LocalSecrets> & Omit<LocalSecrets, 'encryptionKey'>;
    if (secrets.encryptionKey) {
      return secrets as LocalSecrets;
    }
    const upgraded: LocalSecrets = { ...secrets, encryptionKey: randomSecret(32) };
    // Write-then-rename: a crash leaves the old file or the new one, never half of one.
    await fs.writeFile(`${file}.tmp`, JSON.stringify(upgraded, null, 2) + '\n', { mode: 0o600 });
    await fs.rename(`${file}.tmp`, file);
    return upgraded;
  }
  const secrets: LocalSecrets = {
    pgPassword: randomSecret(18),
    jwtSecret: randomSecret(32),
    encryptionKey: randomSecret(32),
  };
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  await fs.writeFile(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return secrets;
}
