import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { MAX_AMOUNT } from '../../platform/money/money.ts';
import { assertOutletAccess, authorize } from '../identity/index.ts';
import { postEntry } from '../ledger/index.ts';
import { requireOutlet } from '../tenancy/index.ts';
import { buildDrawerReport, type DrawerReport } from './drawer-report.ts';
import {
  countedAmount,
  drawerPosting,
  varianceNeedsApproval,
  type Denomination,
  type MovementKind,
} from './drawer-rules.ts';
import { drawerEvent } from './drawer.events.ts';
import { assertTenantImage, imagePath } from '../media/index.ts';
import * as repo from './drawer.repo.ts';
import { sessionDto, type SessionDto } from './drawer-view.ts';
import { getRegister, listZReports } from './z-reports.ts';

export interface CountInput {
  amount?: number;
  denominations?: Denomination[];
}

const num = (v: string | number) => Number(v);

/** Cash drawer sessions: open with a float, cash in and out, no-sale, close with a blind count, X/Z. */
export function createDrawerService(deps: { clock: Clock }) {
  const { clock } = deps;

  /** Locks an open session for a change (`FOR UPDATE`): waits for cash sales posting into it. */
  async function lockOpen(tx: Tx, ctx: ServiceContext, id: string) {
    const s = await repo.getSessionRow(tx, ctx.tenantId, id, 'update');
    assertOutletAccess(ctx, s.outlet_id);
    if (s.status !== 'open') {
      throw new AppError('drawer.session_closed', 'This drawer session is closed.', { sessionId: id });
    }
    return s;
  }

  /** Records a movement the drawer owns, with its ledger entry tagged with the session. */
  async function move(
    tx: Tx,
    ctx: ServiceContext,
    s: repo.SessionRow,
    kind: MovementKind,
    amount: number,
    now: Date,
    extra: { reason?: string | null; approvedBy?: string | null } = {},
  ) {
    const id = newId();
    await repo.insertMovement(tx, {
      tenant_id: ctx.tenantId,
      id,
      session_id: s.id,
      kind,
      amount,
      reason: extra.reason ?? null,
      actor: actorRefOf(ctx.principal),
      approved_by: extra.approvedBy ?? null,
      created_at: now,
    });
    await postEntry(tx, ctx.tenantId, {
      kind: 'drawer',
      currency: s.currency,
      postedAt: now,
      outletId: s.outlet_id,
      registerId: s.register_id,
      drawerSessionId: s.id,
      memo: `drawer ${kind}${extra.reason ? `: ${extra.reason.slice(0, 150)}` : ''}`,
      lines: drawerPosting(kind, amount),
    });
    return id;
  }

  /** Cash the drawer should hold now: the float and every movement since. */
  async function expectedCash(db: Executor, tenantId: string, sessionId: string): Promise<number> {
    const t = await repo.movementTotals(db, tenantId, sessionId);
    return Object.values(t).reduce((a, x) => a + x.total, 0);
  }

  return {
    async open(
      tx: Tx,
      ctx: ServiceContext,
      input: { id?: string; registerId: string; float: CountInput },
    ): Promise<SessionDto> {
      const register = await getRegister(tx, ctx, input.registerId);
      if (register.archived_at) {
        throw new AppError('drawer.invalid', 'This register is archived.', { field: 'registerId' });
      }
      if (await repo.findOpenSession(tx, ctx.tenantId, input.registerId)) {
        throw new AppError(
          'drawer.session_already_open',
          'This register already has an open drawer session.',
          {
            registerId: input.registerId,
          },
        );
      }
      const float = countedAmount(input.float, 'float', MAX_AMOUNT);
      const now = clock.now();
      let row: repo.SessionRow;
      try {
        row = await repo.insertSession(tx, {
          tenant_id: ctx.tenantId,
          id: input.id ?? newId(),
          outlet_id: register.outlet_id,
          register_id: register.id,
          status: 'open',
          currency: register.currency,
          opening_float: float,
          opening_denominations: input.float.denominations ? JSON.stringify(input.float.denominations) : null,
          opened_by: actorRefOf(ctx.principal),
          opened_at: now,
        });
      } catch (e) {
        // A concurrent open of the same register: the unique index on open sessions refused it.
        if ((e as { code?: string }).code === '23505') {
          throw new AppError(
            'drawer.session_already_open',
            'This register already has an open drawer session.',
            {
              registerId: input.registerId,
            },
          );
        }
        throw e;
      }
      await move(tx, ctx, row, 'float', float, now);
      const dto = sessionDto(row);
      ctx.emit(drawerEvent('drawer.opened', dto));
      ctx.audit({
        action: 'drawer.opened',
        targetType: 'drawer_session',
        targetId: row.id,
        after: { float },
      });
      return dto;
    },

    /** Paid in, paid out and drops (to the safe), with a reason. Cash out never exceeds what is in. */
    async movement(
      tx: Tx,
      ctx: ServiceContext,
      sessionId: string,
      kind: 'paid_in' | 'paid_out' | 'drop',
      input: { amount: number; reason: string },
    ) {
      const s = await lockOpen(tx, ctx, sessionId);
      const now = clock.now();
      const inDrawer = await expectedCash(tx, ctx.tenantId, s.id);
      if (kind !== 'paid_in' && input.amount > inDrawer) {
        throw new AppError('drawer.insufficient_cash', 'The drawer does not hold that much cash.', {
          amount: input.amount,
        });
      }
      const signed = kind === 'paid_in' ? input.amount : -input.amount;
      const id = await move(tx, ctx, s, kind, signed, now, { reason: input.reason });
      const dto = sessionDto(s);
      const movement = { id, kind, amount: input.amount, reason: input.reason, at: now.toISOString() };
      ctx.emit(drawerEvent(`drawer.${kind}`, dto, { movement }));
      ctx.audit({ action: `drawer.${kind}`, targetType: 'drawer_session', targetId: s.id, after: movement });
      return movement;
    },

    /** Opens the drawer without a sale: `cash:no_sale` or a manager approval for the register; audited. */
    async noSale(
      tx: Tx,
      ctx: ServiceContext,
      sessionId: string,
      input: { reason: string; approvalId?: string },
    ) {
      const s = await lockOpen(tx, ctx, sessionId);
      const now = clock.now();
      await authorize(
        tx,
        ctx,
        'cash:no_sale',
        { type: 'register', id: s.register_id },
        input.approvalId,
        now,
      );
      const approvedBy = ctx.approval?.approverId ?? null;
      const id = await move(tx, ctx, s, 'no_sale', 0, now, { reason: input.reason, approvedBy });
      const movement = {
        id,
        kind: 'no_sale' as const,
        amount: 0,
        reason: input.reason,
        at: now.toISOString(),
      };
      ctx.emit(drawerEvent('drawer.no_sale', sessionDto(s), { movement, approvedBy }));
      ctx.audit({ action: 'drawer.no_sale', targetType: 'drawer_session', targetId: s.id, after: movement });
      return { ...movement, approvedBy };
    },

    /**
     * Closes with a blind count: the variance against what the drawer should hold goes to
     * over/short; above the outlet's threshold it needs a reason and `cash:approve_variance` (or a
     * manager's approval for this session). The counted cash leaves for the safe, the Z report is
     * numbered and stored.
     */
    async close(
      tx: Tx,
      ctx: ServiceContext,
      sessionId: string,
      input: { counted: CountInput; reason?: string; approvalId?: string },
    ): Promise<{ session: SessionDto; zReport: DrawerReport }> {
      const s = await lockOpen(tx, ctx, sessionId);
      const counted = countedAmount(input.counted, 'counted', MAX_AMOUNT);
      const now = clock.now();
      const expected = await expectedCash(tx, ctx.tenantId, s.id);
      const variance = counted - expected;
      const settings = await repo.getCashSettings(tx, ctx.tenantId, s.outlet_id);
      let approvedBy: string | null = null;
      if (varianceNeedsApproval(variance, settings.varianceThreshold)) {
        if (!input.reason) {
          throw new AppError('drawer.reason_required', 'Say why the count differs from what was expected.', {
            field: 'reason',
            threshold: settings.varianceThreshold,
          });
        }
        await authorize(
          tx,
          ctx,
          'cash:approve_variance',
          { type: 'drawer_session', id: s.id },
          input.approvalId,
          now,
        );
        approvedBy = ctx.approval?.approverId ?? actorRefOf(ctx.principal);
      }
      if (variance !== 0) {
        await move(tx, ctx, s, 'over_short', variance, now, { reason: input.reason ?? null, approvedBy });
      }
      await move(tx, ctx, s, 'close_out', -counted, now);
      const zNumber = await repo.nextZNumber(tx, ctx.tenantId, s.register_id);
      const closed = await repo.closeSessionRow(tx, ctx.tenantId, s.id, {
        closed_by: actorRefOf(ctx.principal),
        closed_at: now,
        expected_cash: expected,
        counted_cash: counted,
        counted_denominations: input.counted.denominations
          ? JSON.stringify(input.counted.denominations)
          : null,
        variance,
        variance_reason: input.reason ?? null,
        variance_approved_by: approvedBy,
        z_number: zNumber,
      });
      const zReport = await buildDrawerReport(tx, ctx.tenantId, closed, 'Z', now, zNumber);
      await repo.insertZReport(tx, {
        tenant_id: ctx.tenantId,
        id: newId(),
        register_id: s.register_id,
        outlet_id: s.outlet_id,
        session_id: s.id,
        number: zNumber,
        report: JSON.stringify(zReport),
        created_at: now,
      });
      const dto = sessionDto(closed);
      ctx.emit(drawerEvent('drawer.closed', dto));
      ctx.audit({
        action: 'drawer.closed',
        targetType: 'drawer_session',
        targetId: s.id,
        after: { expected, counted, variance, zNumber, ...(input.reason ? { reason: input.reason } : {}) },
      });
      return { session: dto, zReport };
    },

    /** A session; what the drawer should hold is shown once it is closed (the count is blind). */
    async get(db: Executor, ctx: ServiceContext, id: string): Promise<SessionDto> {
      const s = await repo.getSessionRow(db, ctx.tenantId, id);
      assertOutletAccess(ctx, s.outlet_id);
      return sessionDto(s);
    },

    /** The open session of a register, or null. */
    async current(db: Executor, ctx: ServiceContext, registerId: string): Promise<SessionDto | null> {
      await getRegister(db, ctx, registerId);
      const s = await repo.findOpenSession(db, ctx.tenantId, registerId);
      return s ? sessionDto(s) : null;
    },

    async movements(db: Executor, ctx: ServiceContext, id: string) {
      const s = await repo.getSessionRow(db, ctx.tenantId, id);
      assertOutletAccess(ctx, s.outlet_id);
      return (await repo.listMovements(db, ctx.tenantId, id)).map((m) => ({
        id: m.id,
        kind: m.kind,
        amount: num(m.amount),
        reason: m.reason,
        paymentId: m.payment_id,
        refundId: m.refund_id,
        orderId: m.order_id,
        actor: m.actor,
        approvedBy: m.approved_by,
        at: m.created_at.toISOString(),
      }));
    },

    /** The X report: the session so far, without closing it. */
    async xReport(db: Executor, ctx: ServiceContext, id: string): Promise<DrawerReport> {
      const s = await repo.getSessionRow(db, ctx.tenantId, id);
      assertOutletAccess(ctx, s.outlet_id);
      return buildDrawerReport(db, ctx.tenantId, s, s.status === 'open' ? 'X' : 'Z', clock.now(), s.z_number);
    },

    /** A stored Z report, exactly as written at close. */
    async zReport(
      db: Executor,
      ctx: ServiceContext,
      registerId: string,
      number: number,
    ): Promise<DrawerReport> {
      await getRegister(db, ctx, registerId);
      const row = await repo.getZReportRow(db, ctx.tenantId, registerId, number);
      return row.report as unknown as DrawerReport;
    },

    /** A register's Z reports, newest first. */
    zReports: listZReports,

    /**
     * Does the session tie out to the ledger: its movements against Σ `cash_drawer` over the
     * entries tagged with it, and the over/short movement against `cash_over_short`.
     */
    async tieOut(db: Executor, ctx: ServiceContext, id: string) {
      const s = await repo.getSessionRow(db, ctx.tenantId, id);
      assertOutletAccess(ctx, s.outlet_id);
      const totals = await repo.movementTotals(db, ctx.tenantId, id);
      const movements = Object.values(totals).reduce((a, x) => a + x.total, 0);
      const ledger = await repo.ledgerCashOfSession(db, ctx.tenantId, id);
      const overShort = totals['over_short']?.total ?? 0;
      return {
        sessionId: id,
        movements,
        ledgerCashDrawer: ledger.cashDrawer,
        overShort,
        ledgerOverShort: -ledger.overShort,
        ok: movements === ledger.cashDrawer && overShort === -ledger.overShort,
      };
    },

    async getSettings(db: Executor, ctx: ServiceContext, outletId: string) {
      await requireOutlet(db, ctx, outletId);
      return withLogoUrl(ctx.tenantId, await repo.getCashSettings(db, ctx.tenantId, outletId));
    },

    async putSettings(tx: Tx, ctx: ServiceContext, outletId: string, input: Partial<repo.CashSettings>) {
      await requireOutlet(tx, ctx, outletId);
      if (input.logoImageId) {
        await assertTenantImage(tx, ctx.tenantId, input.logoImageId);
      }
      const before = await repo.getCashSettings(tx, ctx.tenantId, outletId);
      const after = { ...before, ...input };
      await repo.putCashSettings(tx, ctx.tenantId, outletId, after, clock.now());
      ctx.audit({
        action: 'outlet.cash_settings_updated',
        targetType: 'outlet',
        targetId: outletId,
        before,
        after,
      });
      return withLogoUrl(ctx.tenantId, after);
    },
  };
}
/** Cash settings as the API shows them: with the logo's served path. */
const withLogoUrl = (tenantId: string, s: repo.CashSettings) => ({
  ...s,
  logoUrl: s.logoImageId ? imagePath(tenantId, s.logoImageId) : null,
});

export type DrawerService = ReturnType<typeof createDrawerService>;
