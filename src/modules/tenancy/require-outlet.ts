import type { Executor } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { notFound } from '../../platform/http/errors.ts';
import { assertOutletAccess } from '../identity/index.ts';

/**
 * The outlet named in a request: it must be this tenant's (else 404, the same answer as for an
 * id that does not exist) and within the caller's outlet limits (else 403).
 */
export async function requireOutlet(db: Executor, ctx: ServiceContext, outletId: string): Promise<void> {
  const o = await db
    .selectFrom('outlets')
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', outletId)
    .executeTakeFirst();
  if (!o) {
    throw notFound('outlets', outletId);
  }
  assertOutletAccess(ctx, outletId);
}
