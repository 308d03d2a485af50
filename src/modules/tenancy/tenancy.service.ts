import type { Clock } from '../../platform/clock/clock.ts';
import { isCurrency } from '../../platform/money/currency.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId, type TenantId } from '../../platform/ids/ids.ts';
import { assertOutletAccess, authorize, outletFilter } from '../identity/index.ts';

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
  createdAt: string;
}
export interface OutletDto {
  id: string;
  name: string;
  address: string | null;
  timezone: string | null;
  archived: boolean;
  createdAt: string;
}
export interface RegisterDto {
  id: string;
  outletId: string;
  name: string;
  archived: boolean;
  createdAt: string;
}

const TIMEZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/** Checks tenant settings against ISO 4217, the IANA time zone database and BCP 47. */
export function validateTenantSettings(input: {
  currency?: string;
  timezone?: string | null;
  locale?: string;
}): void {
  const currency = input.currency;
  if (currency !== undefined && !isCurrency(currency)) {
    throw new AppError('tenants.invalid', `"${String(currency)}" is not an ISO 4217 currency code.`, {
      field: 'currency',
    });
  }
  if (input.timezone !== undefined && input.timezone !== null && !TIMEZONES.has(input.timezone)) {
    throw new AppError('tenants.invalid', `"${input.timezone}" is not an IANA time zone.`, {
      field: 'timezone',
    });
  }
  if (input.locale !== undefined) {
    try {
      Intl.getCanonicalLocales(input.locale);
    } catch {
      throw new AppError('tenants.invalid', `"${input.locale}" is not a BCP 47 locale.`, { field: 'locale' });
    }
  }
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
  createdAt: t.created_at.toISOString(),
});
const outletDto = (o: {
  id: string;
  name: string;
  address: string | null;
  timezone: string | null;
  archived_at: Date | null;
  created_at: Date;
}): OutletDto => ({
  id: o.id,
  name: o.name,
  address: o.address,
  timezone: o.timezone,
  archived: o.archived_at !== null,
  createdAt: o.created_at.toISOString(),
});
const registerDto = (r: {
  id: string;
  outlet_id: string;
  name: string;
  archived_at: Date | null;
  created_at: Date;
}): RegisterDto => ({
  id: r.id,
  outletId: r.outlet_id,
  name: r.name,
  archived: r.archived_at !== null,
  createdAt: r.created_at.toISOString(),
});

/** Tenants, outlets and registers. */
export function createTenancyService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function getOutletRow(db: Executor, tenantId: string, id: string) {
    const row = await db
      .selectFrom('outlets')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) {
      throw notFound('outlets', id);
    }
    return row;
  }
  async function getRegisterRow(db: Executor, tenantId: string, id: string) {
    const row = await db
      .selectFrom('registers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) {
      throw notFound('registers', id);
    }
    return row;
  }

  return {
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
      },
    ): Promise<TenantDto> {
      validateTenantSettings(input);
      const before = await this.getTenant(tx, ctx.tenantId);
      const { roundingMode, taxRounding, cashRoundingIncrement, ...settings } = input;
      const row = await tx
        .updateTable('tenants')
        .set({
          ...settings,
          ...(roundingMode !== undefined ? { rounding_mode: roundingMode } : {}),
          ...(taxRounding !== undefined ? { tax_rounding: taxRounding } : {}),
          ...(cashRoundingIncrement !== undefined ? { cash_rounding_increment: cashRoundingIncrement } : {}),
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

    // ---- Outlets ----------------------------------------------------------------------------
    async listOutlets(
      db: Executor,
      ctx: ServiceContext,
      input: { includeArchived?: boolean },
    ): Promise<OutletDto[]> {
      const allowed = outletFilter(ctx);
      if (allowed?.length === 0) {
        return [];
      }
      let q = db.selectFrom('outlets').selectAll().where('tenant_id', '=', ctx.tenantId);
      if (allowed) {
        q = q.where('id', 'in', allowed);
      }
      if (!input.includeArchived) {
        q = q.where('archived_at', 'is', null);
      }
      return (await q.orderBy('name').orderBy('id').execute()).map(outletDto);
    },

    async getOutlet(db: Executor, ctx: ServiceContext, id: string): Promise<OutletDto> {
      const row = await getOutletRow(db, ctx.tenantId, id);
      assertOutletAccess(ctx, id);
      return outletDto(row);
    },

    async createOutlet(
      tx: Tx,
      ctx: ServiceContext,
      input: { id?: string; name: string; address?: string | null; timezone?: string | null },
    ): Promise<OutletDto> {
      validateTenantSettings({ timezone: input.timezone ?? null });
      const row = await tx
        .insertInto('outlets')
        .values({
          tenant_id: ctx.tenantId,
          id: input.id ?? newId(),
          name: input.name,
          address: input.address ?? null,
          timezone: input.timezone ?? null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw new AppError('outlets.already_exists', 'An outlet with this id already exists.');
      }
      const dto = outletDto(row);
      ctx.audit({ action: 'outlet.created', targetType: 'outlet', targetId: dto.id, after: dto });
      return dto;
    },

    async updateOutlet(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: { name?: string; address?: string | null; timezone?: string | null; archived?: boolean },
    ): Promise<OutletDto> {
      const beforeRow = await getOutletRow(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, id);
      validateTenantSettings({ timezone: input.timezone ?? null });
      const { archived, ...fields } = input;
      const row = await tx
        .updateTable('outlets')
        .set({
          ...fields,
          ...(archived === undefined
            ? {}
            : { archived_at: archived ? (beforeRow.archived_at ?? clock.now()) : null }),
          updated_at: clock.now(),
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = outletDto(row);
      ctx.audit({
        action: 'outlet.updated',
        targetType: 'outlet',
        targetId: id,
        before: outletDto(beforeRow),
        after,
      });
      return after;
    },

    // ---- Registers --------------------------------------------------------------------------
    async listRegisters(
      db: Executor,
      ctx: ServiceContext,
      input: { outletId?: string; includeArchived?: boolean },
    ): Promise<RegisterDto[]> {
      const allowed = outletFilter(ctx);
      if (allowed?.length === 0) {
        return [];
      }
      let q = db.selectFrom('registers').selectAll().where('tenant_id', '=', ctx.tenantId);
      if (allowed) {
        q = q.where('outlet_id', 'in', allowed);
      }
      if (input.outletId) {
        q = q.where('outlet_id', '=', input.outletId);
      }
      if (!input.includeArchived) {
        q = q.where('archived_at', 'is', null);
      }
      return (await q.orderBy('name').orderBy('id').execute()).map(registerDto);
    },

    async getRegister(db: Executor, ctx: ServiceContext, id: string): Promise<RegisterDto> {
      const row = await getRegisterRow(db, ctx.tenantId, id);
      assertOutletAccess(ctx, row.outlet_id);
      return registerDto(row);
    },

    async createRegister(
      tx: Tx,
      ctx: ServiceContext,
      input: { id?: string; outletId: string; name: string },
    ): Promise<RegisterDto> {
      const outlet = await getOutletRow(tx, ctx.tenantId, input.outletId);
      assertOutletAccess(ctx, outlet.id);
      if (outlet.archived_at) {
        throw new AppError('outlets.conflict', 'This outlet is archived.');
      }
      const row = await tx
        .insertInto('registers')
        .values({
          tenant_id: ctx.tenantId,
          id: input.id ?? newId(),
          outlet_id: input.outletId,
          name: input.name,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw new AppError('registers.already_exists', 'A register with this id already exists.');
      }
      const dto = registerDto(row);
      ctx.audit({ action: 'register.created', targetType: 'register', targetId: dto.id, after: dto });
      return dto;
    },

    async updateRegister(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: { name?: string; archived?: boolean },
    ): Promise<RegisterDto> {
      const beforeRow = await getRegisterRow(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, beforeRow.outlet_id);
      const row = await tx
        .updateTable('registers')
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.archived === undefined
            ? {}
            : { archived_at: input.archived ? (beforeRow.archived_at ?? clock.now()) : null }),
          updated_at: clock.now(),
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = registerDto(row);
      ctx.audit({
        action: 'register.updated',
        targetType: 'register',
        targetId: id,
        before: registerDto(beforeRow),
        after,
      });
      return after;
    },

    /**
     * Opens the cash drawer without a sale. Needs `cash:no_sale` or a manager approval for this
     * register; the audit log records the cashier and, when approved, the manager.
     */
    async noSale(
      tx: Tx,
      ctx: ServiceContext,
      registerId: string,
      input: { reason: string; approvalId?: string },
    ) {
      const register = await getRegisterRow(tx, ctx.tenantId, registerId);
      assertOutletAccess(ctx, register.outlet_id);
      const now = clock.now();
      await authorize(tx, ctx, 'cash:no_sale', { type: 'register', id: registerId }, input.approvalId, now);
      ctx.audit({
        action: 'register.no_sale',
        targetType: 'register',
        targetId: registerId,
        after: { reason: input.reason },
      });
      return {
        registerId,
        reason: input.reason,
        at: now.toISOString(),
        approvedBy: ctx.approval?.approverId ?? null,
      };
    },
  };
}
export type TenancyService = ReturnType<typeof createTenancyService>;
