import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { afterKey } from '../../platform/db/keyset.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { decodeCursor, toPage, type PageOf, type PageRequest } from '../../platform/http/pagination.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { assertOutletAccess, authorize, outletFilter } from '../identity/index.ts';

import { validateTenantSettings } from './settings.ts';

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

/** Outlets (stores) and their registers (counters), and the cash-drawer no-sale. */
export function createOutletsService(deps: { clock: Clock }) {
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
    // ---- Outlets ----------------------------------------------------------------------------
    async listOutlets(
      db: Executor,
      ctx: ServiceContext,
      input: PageRequest & { includeArchived?: boolean },
    ): Promise<PageOf<OutletDto>> {
      const limit = input.limit ?? 100;
      const after = decodeCursor(input.cursor, ['string', 'uuid'] as const);
      const allowed = outletFilter(ctx);
      if (allowed?.length === 0) {
        return { items: [], nextCursor: null };
      }
      let q = db.selectFrom('outlets').selectAll().where('tenant_id', '=', ctx.tenantId);
      if (allowed) {
        q = q.where('id', 'in', allowed);
      }
      if (!input.includeArchived) {
        q = q.where('archived_at', 'is', null);
      }
      if (after) {
        q = q.where(afterKey(['name', 'id'], after));
      }
      const rows = await q
        .orderBy('name')
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, (r) => [r.name, r.id], outletDto);
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
      input: PageRequest & { outletId?: string; includeArchived?: boolean },
    ): Promise<PageOf<RegisterDto>> {
      const limit = input.limit ?? 100;
      const after = decodeCursor(input.cursor, ['string', 'uuid'] as const);
      const allowed = outletFilter(ctx);
      if (allowed?.length === 0) {
        return { items: [], nextCursor: null };
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
      if (after) {
        q = q.where(afterKey(['name', 'id'], after));
      }
      const rows = await q
        .orderBy('name')
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, (r) => [r.name, r.id], registerDto);
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
