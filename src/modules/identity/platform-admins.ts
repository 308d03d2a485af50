import { hashPassword } from '../../platform/crypto/passwords.ts';
import type { Db } from '../../platform/db/db.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import * as repo from './identity.repo.ts';
import { createLockout } from './lockout.ts';

/** Same bounds as a business owner's password at sign-up. */
export const PLATFORM_PASSWORD_MIN = 8;
const PLATFORM_PASSWORD_MAX = 200;

export interface PlatformAdminInput {
  email: string;
  password: string;
  name?: string;
}

/**
 * Creates the platform operator account, or resets its password (`npm run platform:admin`). There
 * is no HTTP route for this on purpose, and no seeded operator: whoever runs the command on the
 * server's database decides the password. A reset ends the account's sessions and clears its
 * lockout. An account that belongs to a business cannot be made the operator (its login opens the
 * business, not the platform console): use an email of its own.
 */
export async function upsertPlatformAdmin(
  db: Db,
  input: PlatformAdminInput,
  now: Date,
): Promise<{ userId: string; created: boolean }> {
  const email = input.email.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) {
    throw new AppError('users.invalid', `"${input.email}" is not an email address.`);
  }
  if (input.password.length < PLATFORM_PASSWORD_MIN || input.password.length > PLATFORM_PASSWORD_MAX) {
    throw new AppError(
      'users.invalid',
      `The password must be ${PLATFORM_PASSWORD_MIN}–${PLATFORM_PASSWORD_MAX} characters long.`,
    );
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const existing = await repo.findUserByEmail(tx, email);
    if (!existing) {
      const userId = newId();
      await repo.insertUser(tx, {
        id: userId,
        email,
        name: input.name ?? 'Platform operator',
        password_hash: passwordHash,
        platform_role: 'admin',
      });
      return { userId, created: true };
    }
    const memberships = await repo.listMembershipsOfUser(tx, existing.id);
    if (memberships.length > 0) {
      throw new AppError(
        'users.conflict',
        `${email} belongs to ${memberships.length} business(es); the platform operator needs an email of its own.`,
      );
    }
    await repo.setUserCredentials(
      tx,
      existing.id,
      { passwordHash, platformRole: 'admin', ...(input.name ? { name: input.name } : {}) },
      now,
    );
    await repo.revokeUserSessions(tx, existing.id, 'password_reset', now);
    await createLockout(tx).recordSuccess('password', email.toLowerCase());
    return { userId: existing.id, created: false };
  });
}
