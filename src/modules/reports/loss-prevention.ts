import { sql } from 'kysely';
import type { Executor } from '../../platform/db/db.ts';
import { addDays, type Period } from './period.ts';
import { peopleDirectory } from './people.ts';
import { localDayHour } from './rollup-facts.ts';

/** The audit actions loss prevention lists, by kind. */
export const LOSS_ACTIONS = {
  'order.line_voided': 'void',
  'order.canceled': 'cancel',
  'refund.created': 'refund',
  'register.no_sale': 'no_sale',
} as const;
export type LossKind = (typeof LOSS_ACTIONS)[keyof typeof LOSS_ACTIONS];

export interface LossEvent {
  at: string;
  date: string;
  kind: LossKind;
  outletId: string | null;
  targetId: string | null;
  orderId: string | null;
  amount: number;
  reason: string | null;
  by: string;
  approvedBy: string | null;
}

/**
 * Voids (of lines sent to the kitchen), cancelled orders, refunds and no-sale drawer opens in a
 * period, from the audit log (who did it, who approved it), dated in the outlet's time zone.
 * Read live: these are few, and the audit log is their one record (indexed by time).
 */
export async function lossEvents(
  db: Executor,
  tenantId: string,
  p: Period,
  outlets: readonly string[] | null,
): Promise<LossEvent[]> {
  // A day either side in UTC covers every time zone; the exact day is decided per outlet below.
  const lo = new Date(`${addDays(p.from, -1)}T00:00:00Z`);
  const hi = new Date(`${addDays(p.to, 2)}T00:00:00Z`);
  const rows = await sql<{
    at: Date;
    action: keyof typeof LOSS_ACTIONS;
    target_id: string | null;
    actor_type: string;
    actor_id: string | null;
    approver_id: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    outlet_id: string | null;
    order_id: string | null;
    amount: string | null;
    timezone: string;
  }>`
    select a.at, a.action, a.target_id, a.actor_type, a.actor_id, a.approver_id, a.before, a.after,
      coalesce(o.outlet_id, ro.outlet_id, rf.outlet_id, r.outlet_id) as outlet_id,
      coalesce(ol.order_id, o.id, rf.order_id) as order_id,
      case a.action
        when 'order.line_voided' then ol.unit_price * ol.quantity
        when 'order.canceled' then o.total
        when 'refund.created' then rf.amount
      end as amount,
      coalesce(out.timezone, t.timezone) as timezone
    from audit_log a
    join tenants t on t.id = a.tenant_id
    left join order_lines ol on a.action = 'order.line_voided' and ol.tenant_id = a.tenant_id and ol.id::text = a.target_id
    left join orders o on o.tenant_id = a.tenant_id and o.id::text = coalesce(ol.order_id::text, case when a.action = 'order.canceled' then a.target_id end)
    left join refunds rf on a.action = 'refund.created' and rf.tenant_id = a.tenant_id and rf.id::text = a.target_id
    left join orders ro on ro.tenant_id = a.tenant_id and ro.id = rf.order_id
    left join registers r on a.action = 'register.no_sale' and r.tenant_id = a.tenant_id and r.id::text = a.target_id
    left join outlets out on out.tenant_id = a.tenant_id and out.id = coalesce(o.outlet_id, ro.outlet_id, rf.outlet_id, r.outlet_id)
    where a.tenant_id = ${tenantId} and a.at >= ${lo} and a.at < ${hi}
      and a.action in (${sql.join(Object.keys(LOSS_ACTIONS))})
    order by a.seq`.execute(db);
  const people = await peopleDirectory(db, tenantId);
  const out: LossEvent[] = [];
  for (const r of rows.rows) {
    const date = localDayHour(r.at, r.timezone).date;
    if (date < p.from || date > p.to || (outlets && (!r.outlet_id || !outlets.includes(r.outlet_id)))) {
      continue;
    }
    const reason = (r.after?.reason ?? r.before?.reason ?? null) as string | null;
    out.push({
      at: r.at.toISOString(),
      date,
      kind: LOSS_ACTIONS[r.action],
      outletId: r.outlet_id,
      targetId: r.target_id,
      orderId: r.order_id,
      amount: Number(r.amount ?? 0),
      reason: typeof reason === 'string' ? reason : null,
      by: people(r.actor_id ? `${r.actor_type}:${r.actor_id}` : r.actor_type).label,
      approvedBy: r.approver_id ? people(r.approver_id).label : null,
    });
  }
  return out;
}
