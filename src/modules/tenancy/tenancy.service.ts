import type { Clock } from '../../platform/clock/clock.ts';
import { createOutletsService } from './outlets.service.ts';
import { practicalIncrementOf, validateIncrements, validateTenantSettings } from './settings.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { notFound } from '../../platform/http/errors.ts';
import { newId, type TenantId } from '../../platform/ids/ids.ts';

export { validateTenantSettings } from './settings.ts';
export type { OutletDto, RegisterDto } from './outlets.service.ts';

export interface TenantDto {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  locale: string;
  status: string;
  /** Pricing policy: how the order engine rounds. */
  roundingMode: string;
  taxRounding: string;
  cashRoundingIncrement: number;
  /** What anybody actually pays in, minor units: the tenant's setting or the currency's default. */
  practicalIncrement: number;
  createdAt: string;
}

const tenantDto = (t: {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  locale: string;
  status: string;
  rounding_mode: string;
  tax_rounding: string;
  cash_rounding_increment: string;
  practical_increment: string | null;
  created_at: Date;
}): TenantDto => ({
  id: t.id,
  name: t.name,
  currency: t.currency,
  timezone: t.timezone,
  locale: t.locale,
  status: t.status,
  roundingMode: t.rounding_mode,
  taxRounding: t.tax_rounding,
  cashRoundingIncrement: Number(t.cash_rounding_increment),
  practicalIncrement: practicalIncrementOf(t),
  createdAt: t.created_at.toISOString(),
});
export function createTenancyService(deps: { clock: Clock }) {
  const { clock } = deps;

  return {
    ...createOutletsService({ clock }),
    // ---- Tenants ----------------------------------------------------------------------------
    async insertTenant(
      tx: Tx,
      input: { id?: string; name: string; currency: string; timezone: string; locale: string },
    ): Promise<TenantDto> {
      validateTenantSettings(input);
      const row = await tx
        .insertInto('tenants')
        .values({
          id: input.id ?? newId(),
          name: input.name,
          currency: input.currency,
          timezone: input.timezone,
          locale: input.locale,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return tenantDto(row);
    },

    async getTenant(db: Executor, tenantId: string): Promise<TenantDto> {
      const row = await db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
      if (!row) {
        throw notFound('tenants', tenantId);
      }
      return tenantDto(row);
    },

    async updateTenant(
      tx: Tx,
      ctx: ServiceContext,
      input: {
        name?: string;
        timezone?: string;
        locale?: string;
        roundingMode?: string;
        taxRounding?: string;
        cashRoundingIncrement?: number;
        /** null: back to the currency's default. */
        practicalIncrement?: number | null;
      },
    ): Promise<TenantDto> {
      validateTenantSettings(input);
      const before = await this.getTenant(tx, ctx.tenantId);
      const { roundingMode, taxRounding, cashRoundingIncrement, practicalIncrement, ...settings } = input;
      validateIncrements(
        practicalIncrement === undefined
          ? before.practicalIncrement
          : practicalIncrementOf({ currency: before.currency, practical_increment: practicalIncrement }),
        cashRoundingIncrement ?? before.cashRoundingIncrement,
      );
      const row = await tx
        .updateTable('tenants')
        .set({
          ...settings,
          ...(roundingMode !== undefined ? { rounding_mode: roundingMode } : {}),
          ...(taxRounding !== undefined ? { tax_rounding: taxRounding } : {}),
          ...(cashRoundingIncrement !== undefined ? { cash_rounding_increment: cashRoundingIncrement } : {}),
          ...(practicalIncrement !== undefined ? { practical_increment: practicalIncrement } : {}),
          updated_at: clock.now(),
        })
        .where('id', '=', ctx.tenantId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = tenantDto(row);
      ctx.audit({ action: 'tenant.updated', targetType: 'tenant', targetId: ctx.tenantId, before, after });
      return after;
    },

    async listTenants(
      db: Executor,
      input: { status?: string; limit: number; after?: string },
    ): Promise<TenantDto[]> {
      let q = db.selectFrom('tenants').selectAll().orderBy('id').limit(input.limit);
      if (input.status) {
        q = q.where('status', '=', input.status);
      }
      if (input.after) {
        q = q.where('id', '>', input.after);
      }
      return (await q.execute()).map(tenantDto);
    },

    /** Platform admin: suspend or reactivate. A suspended tenant's credentials stop working at once. */
    async setTenantStatus(
      tx: Tx,
      tenantId: TenantId,
      status: 'active' | 'suspended',
      audit: (e: { action: string; before: unknown; after: unknown }) => void,
    ): Promise<TenantDto> {
      const before = await this.getTenant(tx, tenantId);
      const row = await tx
        .updateTable('tenants')
        .set({ status, suspended_at: status === 'suspended' ? clock.now() : null, updated_at: clock.now() })
        .where('id', '=', tenantId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = tenantDto(row);
      if (before.status !== after.status) {
        audit({ action: status === 'suspended' ? 'tenant.suspended' : 'tenant.reactivated', before, after });
      }
      return after;
    },
  };
}
export type TenancyService = ReturnType<typeof createTenancyService>;
