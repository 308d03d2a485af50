import type { Tx } from '../../platform/db/db.ts';
import {
  actorRefOf,
  canAccessOutlet,
  hasPermission,
  type ServiceContext,
} from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Permission } from './permissions.ts';

/** Throws 403 `auth.outlet_forbidden` when the caller is limited to other outlets. */
export function assertOutletAccess(ctx: ServiceContext, outletId: string): void {
  if (!canAccessOutlet(ctx.principal, outletId)) {
    throw new AppError('auth.outlet_forbidden', 'You may not act in this outlet.', { outletId });
  }
}

/** Outlet filter for lists: null = every outlet. */
export function outletFilter(ctx: ServiceContext): readonly string[] | null {
  const p = ctx.principal;
  return p.kind === 'device' || p.kind === 'customer' ? [p.outletId] : p.outletIds;
}

/**
 * Authorises a sensitive action: the caller holds `permission`, or presents a manager approval for
 * exactly this permission and target, which is consumed (single use) in the same transaction.
 * The approval is recorded on the context, so the action's audit entries name the approver.
 */
export async function authorize(
  tx: Tx,
  ctx: ServiceContext,
  permission: Permission,
  target: { type: string; id: string },
  approvalId: string | undefined,
  now: Date,
): Promise<void> {
  if (hasPermission(ctx.principal, permission)) {
    return;
  }
  if (!approvalId) {
    throw new AppError('auth.forbidden', `This needs the "${permission}" permission or a manager approval.`, {
      permission,
      approvalRequired: true,
    });
  }
  const used = await tx
    .updateTable('approvals')
    .set({ used_at: now, used_by: actorRefOf(ctx.principal) })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', approvalId)
    .where('permission', '=', permission)
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'approver_id'])
    .executeTakeFirst();
  if (!used) {
    throw new AppError(
      'auth.approval_invalid',
      'The approval is unknown, expired, already used, or for another action.',
    );
  }
  ctx.approval = { id: used.id, approverId: used.approver_id };
}
