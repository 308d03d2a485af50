import { sql } from 'kysely';
import type { Executor } from '../../platform/db/db.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Failures allowed before the first lock; each further failure doubles the lock, up to an hour. */
export const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

/** Lock duration after `failures` consecutive failures (0 while under the free attempts). */
export function lockDurationMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) {
    return 0;
  }
  return Math.min(BASE_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCK_MS);
}

export type LockScope = 'password' | 'pin' | 'approval';

/**
 * Lockout with back-off for every credential check. Failures are written outside the request's
 * transaction (they must stick even though the request fails).
 */
export function createLockout(db: Executor) {
  return {
    /** Throws `auth.locked` (429, with retryAfterSeconds) while the subject is locked. */
    async assertNotLocked(scope: LockScope, subject: string, now: Date): Promise<void> {
      const row = await db
        .selectFrom('credential_lockouts')
        .select('locked_until')
        .where('scope', '=', scope)
        .where('subject', '=', subject)
        .executeTakeFirst();
      if (row?.locked_until && row.locked_until > now) {
        const retryAfterSeconds = Math.ceil((row.locked_until.getTime() - now.getTime()) / 1000);
        throw new AppError('auth.locked', 'Too many failed attempts; try again later.', {
          retryAfterSeconds,
        });
      }
    },
    async recordFailure(scope: LockScope, subject: string, now: Date): Promise<void> {
      const row = await db
        .insertInto('credential_lockouts')
        .values({ scope, subject, failures: 1, last_failure_at: now })
        .onConflict((oc) =>
          oc.columns(['scope', 'subject']).doUpdateSet({
            failures: sql`credential_lockouts.failures + 1`,
            last_failure_at: now,
          }),
        )
        .returning('failures')
        .executeTakeFirstOrThrow();
      const ms = lockDurationMs(row.failures);
      if (ms > 0) {
        await db
          .updateTable('credential_lockouts')
          .set({ locked_until: new Date(now.getTime() + ms) })
          .where('scope', '=', scope)
          .where('subject', '=', subject)
          .execute();
      }
    },
    async recordSuccess(scope: LockScope, subject: string): Promise<void> {
      await db
        .deleteFrom('credential_lockouts')
        .where('scope', '=', scope)
        .where('subject', '=', subject)
        .execute();
    },
  };
}
export type Lockout = ReturnType<typeof createLockout>;
