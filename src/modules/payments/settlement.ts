import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { AppError } from '../../platform/http/errors.ts';
import { getFeeSchedule, upsertFeeSchedule } from './payments.repo.ts';

const num = (v: string | number | null) => Number(v ?? 0);

export interface Period {
  from: string;
  to: string;
}

function assertPeriod(p: Period): { from: Date; to: Date } {
  const from = new Date(p.from);
  const to = new Date(p.to);
  if (!(from < to)) {
    throw new AppError('reports.invalid', '`from` must be before `to`.', { field: 'from' });
  }
  return { from, to };
}

/**
 * Revenue-share settlement of one tenant for [from, to): per tender (method and gateway) what was
 * collected, refunded, what the platform and the processor take (net of reversals), and what the
 * tenant is owed. Payments count when they completed in the period, refunds when they completed.
 */
export async function settlementReport(db: Executor, tenantId: string, period: Period) {
  const { from, to } = assertPeriod(period);
  const paid = await db
    .selectFrom('payments')
    .select([
      'method',
      'gateway',
      'currency',
      sql<string>`count(*)`.as('count'),
      sql<string>`sum(amount)`.as('gross'),
      sql<string>`sum(tip_amount)`.as('tips'),
      sql<string>`sum(fee_platform)`.as('platform'),
      sql<string>`sum(fee_processing)`.as('processing'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'completed')
    .where('completed_at', '>=', from)
    .where('completed_at', '<', to)
    .groupBy(['method', 'gateway', 'currency'])
    .execute();
  const refunded = await db
    .selectFrom('refunds as r')
    .innerJoin('payments as p', (j) =>
      j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.id', '=', 'r.payment_id'),
    )
    .select([
      'p.method',
      'p.gateway',
      'r.currency',
      sql<string>`count(*)`.as('count'),
      sql<string>`sum(r.amount)`.as('amount'),
      sql<string>`sum(r.fee_platform_reversed)`.as('platform'),
      sql<string>`sum(r.fee_processing_reversed)`.as('processing'),
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('p.tenant_id', '=', tenantId)
    .where('r.status', '=', 'completed')
    .where('r.completed_at', '>=', from)
    .where('r.completed_at', '<', to)
    .groupBy(['p.method', 'p.gateway', 'r.currency'])
    .execute();
  const key = (r: { method: string; gateway: string | null; currency: string }) =>
    `${r.currency}|${r.method}|${r.gateway ?? ''}`;
  const rows = new Map<
    string,
    {
      currency: string;
      method: string;
      gateway: string | null;
      payments: number;
      gross: number;
      tips: number;
      refunds: number;
      refunded: number;
      platformFees: number;
      processingFees: number;
      tenantNet: number;
    }
  >();
  const row = (r: { method: string; gateway: string | null; currency: string }) => {
    const k = key(r);
    const existing = rows.get(k);
    if (existing) {
      return existing;
    }
    const fresh = {
      currency: r.currency,
      method: r.method,
      gateway: r.gateway,
      payments: 0,
      gross: 0,
      tips: 0,
      refunds: 0,
      refunded: 0,
      platformFees: 0,
      processingFees: 0,
      tenantNet: 0,
    };
    rows.set(k, fresh);
    return fresh;
  };
  for (const p of paid) {
    const r = row(p);
    r.payments += num(p.count);
    r.gross += num(p.gross);
    r.tips += num(p.tips);
    r.platformFees += num(p.platform);
    r.processingFees += num(p.processing);
  }
  for (const f of refunded) {
    const r = row(f);
    r.refunds += num(f.count);
    r.refunded += num(f.amount);
    r.platformFees -= num(f.platform);
    r.processingFees -= num(f.processing);
  }
  const lines = [...rows.values()].map((r) => ({
    ...r,
    tenantNet: r.gross - r.refunded - r.platformFees - r.processingFees,
  }));
  const totals = new Map<
    string,
    {
      currency: string;
      gross: number;
      refunded: number;
      tips: number;
      platformFees: number;
      processingFees: number;
      tenantNet: number;
    }
  >();
  for (const l of lines) {
    const t = totals.get(l.currency) ?? {
      currency: l.currency,
      gross: 0,
      refunded: 0,
      tips: 0,
      platformFees: 0,
      processingFees: 0,
      tenantNet: 0,
    };
    t.gross += l.gross;
    t.refunded += l.refunded;
    t.tips += l.tips;
    t.platformFees += l.platformFees;
    t.processingFees += l.processingFees;
    t.tenantNet += l.tenantNet;
    totals.set(l.currency, t);
  }
  const schedule = await getFeeSchedule(db, tenantId);
  return {
    tenantId,
    from: from.toISOString(),
    to: to.toISOString(),
    feeSchedule: { platformPpm: schedule.platformPpm, processingPpm: schedule.processingPpm },
    lines,
    totals: [...totals.values()],
  };
}

/** Sets a tenant's revenue-share schedule (platform operators only). Applies to payments completing from now on. */
export async function setFeeSchedule(
  tx: Tx,
  tenantId: string,
  input: { platformPpm: number; processingPpm: number },
  updatedBy: string,
  now: Date,
) {
  if (input.platformPpm + input.processingPpm > 1_000_000) {
    throw new AppError('fee_schedules.invalid', 'The fees add up to more than 100%.', {
      field: 'platformPpm',
    });
  }
  const exists = await tx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (!exists) {
    throw new AppError('tenants.not_found', 'No such tenant.');
  }
  const values = {
    platform_fee_ppm: input.platformPpm,
    processing_fee_ppm: input.processingPpm,
    updated_at: now,
    updated_by: updatedBy,
  };
  await upsertFeeSchedule(tx, tenantId, values);
  return { platformPpm: input.platformPpm, processingPpm: input.processingPpm, updatedAt: now.toISOString() };
}
