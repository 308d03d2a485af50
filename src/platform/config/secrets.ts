import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomSecret } from '../crypto/secrets.ts';

/** Secrets Kasir generates for itself on first start and keeps in the data directory (mode 600). */
export interface LocalSecrets {
  pgPassword: string;
  jwtSecret: string;
}

export async function loadOrCreateSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  const existing = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    return JSON.parse(existing) as LocalSecrets;
  }
  const secrets: LocalSecrets = { pgPassword: randomSecret(18), jwtSecret: randomSecret(32) };
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  await fs.writeFile(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return secrets;
}
