import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1). Algorithm 2 = Argon2id.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password or PIN with argon2id. */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain, OPTIONS);
}

/** Verifies a password or PIN against an argon2 hash; false on any malformed hash. */
export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Burns the same time as a real verification, so unknown accounts cannot be told apart by timing. */
export async function verifyDummy(plain: string): Promise<void> {
  dummy ??= hashPassword('kasir-dummy-password');
  await verifyPassword(await dummy, plain);
}
