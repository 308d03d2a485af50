import type { Clock } from '../../platform/clock/clock.ts';
import { verifyPassword } from '../../platform/crypto/passwords.ts';
import type { Db, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { findMembershipWithRole } from './identity.repo.ts';
import { createLockout } from './lockout.ts';
import { isPermission } from './permissions.ts';

const APPROVAL_TTL_MS = 5 * 60_000;

/** Manager approvals: a manager's PIN authorises one permission on one target, once (see access.ts). */
export function createApprovalsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const lockout = createLockout(db);

  return {
    // ---- Manager approvals -----------------------------------------------------------------
    /**
     * A manager enters their PIN on the cashier's screen: one approval for one permission on one
     * target, valid five minutes, usable once.
     */
    async grantApproval(
      tx: Tx,
      ctx: ServiceContext,
      input: { approverId: string; pin: string; permission: string; targetType: string; targetId: string },
    ): Promise<{ approvalId: string; approverId: string; permission: string; expiresAt: string }> {
      const now = clock.now();
      if (!isPermission(input.permission)) {
        throw new AppError('approvals.invalid', 'Unknown permission.', { permission: input.permission });
      }
      await lockout.assertNotLocked('approval', input.approverId, now);
      const approver = await findMembershipWithRole(db, ctx.tenantId, input.approverId);
      const pinOk = approver?.pin_hash ? await verifyPassword(approver.pin_hash, input.pin) : false;
      if (!approver || approver.status !== 'active' || !pinOk) {
        if (approver) {
          await lockout.recordFailure('approval', input.approverId, now);
        }
        throw new AppError('auth.invalid_credentials', 'Approver or PIN is wrong.');
      }
      await lockout.recordSuccess('approval', input.approverId);
      if (!approver.permissions.includes(input.permission)) {
        throw new AppError('auth.forbidden', 'The approver does not hold this permission.', {
          permission: input.permission,
        });
      }
      const outletId =
        ctx.principal.kind === 'user' && ctx.principal.deviceId
          ? await deviceOutlet(ctx.tenantId, ctx.principal.deviceId)
          : null;
      if (outletId && approver.outlet_ids !== null && !approver.outlet_ids.includes(outletId)) {
        throw new AppError('auth.outlet_forbidden', 'The approver may not approve in this outlet.');
      }
      const id = newId();
      const expiresAt = new Date(now.getTime() + APPROVAL_TTL_MS);
      {
        await tx
          .insertInto('approvals')
          .values({
            tenant_id: ctx.tenantId,
            id,
            permission: input.permission,
            target_type: input.targetType,
            target_id: input.targetId,
            approver_id: approver.id,
            requested_by: actorRefOf(ctx.principal),
            expires_at: expiresAt,
          })
          .execute();
        ctx.audit({
          action: 'approval.granted',
          targetType: input.targetType,
          targetId: input.targetId,
          approvalId: id,
          approverId: approver.id,
          after: { permission: input.permission, expiresAt: expiresAt.toISOString() },
        });
      }
      return {
        approvalId: id,
        approverId: approver.id,
        permission: input.permission,
        expiresAt: expiresAt.toISOString(),
      };
    },

    deviceOutlet,
  };

  async function deviceOutlet(tenantId: string, deviceId: string): Promise<string | null> {
    const row = await db
      .selectFrom('devices as d')
      .innerJoin('registers as r', (j) =>
        j.onRef('r.tenant_id', '=', 'd.tenant_id').onRef('r.id', '=', 'd.register_id'),
      )
      .select('r.outlet_id')
      .where('d.tenant_id', '=', tenantId)
      .where('d.id', '=', deviceId)
      .executeTakeFirst();
    return row?.outlet_id ?? null;
  }
}
