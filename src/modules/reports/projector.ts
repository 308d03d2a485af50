import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/db.ts';
import {
  FIGURES,
  mergeDeltas,
  paymentDeltas,
  refundDeltas,
  saleDeltas,
  type RollupDelta,
} from './rollup-facts.ts';
import { loadSources } from './projector-sources.ts';

/** The events that move money; everything else only moves the cursor. */
export const PROJECTED_EVENTS = ['order.completed', 'payment.completed', 'payment.refunded'] as const;
const BATCH = 500;
const INSERT_CHUNK = 500;

export interface ProjectedEvent {
  seq: string;
  type: string;
  order_id: string | null;
  payload: unknown;
}

/**
 * One projector step for a tenant, in one transaction: lock its cursor (waiting, or skipping when
 * another node holds it), read up to BATCH money events after it (never past the head read first:
 * events commit in order, so every event up to a visible head is visible), turn each into rollup
 * deltas from the stored rows and its ledger entry, add them, move the cursor. Exactly once: the
 * rollups and the cursor commit together. Returns whether the tenant is caught up.
 */
export async function projectStep(db: Db, tenantId: string, opts: { skipLocked?: boolean } = {}) {
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('report_cursors')
      .values({ tenant_id: tenantId, seq: '0' })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .execute();
    const lock = opts.skipLocked ? sql`for update skip locked` : sql`for update`;
    const cursor = await sql<{ seq: string }>`
      select seq from report_cursors where tenant_id = ${tenantId} ${lock}`.execute(tx);
    const from = cursor.rows[0]?.seq;
    if (from === undefined) {
      return { done: false, seq: null };
    }
    const head = await tx
      .selectFrom('event_heads')
      .select('seq')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    const headSeq = head?.seq ?? '0';
    if (BigInt(headSeq) <= BigInt(from)) {
      return { done: true, seq: from };
    }
    const events = await tx
      .selectFrom('events')
      .select(['seq', 'type', 'order_id', 'payload'])
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', from)
      .where('seq', '<=', headSeq)
      .where('type', 'in', [...PROJECTED_EVENTS])
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    const full = events.length === BATCH;
    const upTo = full ? events[events.length - 1]!.seq : headSeq;
    await addDeltas(tx, tenantId, await deltasOf(tx, tenantId, events));
    await tx
      .updateTable('report_cursors')
      .set({ seq: upTo, updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .execute();
    return { done: !full, seq: upTo };
  });
}

/** Brings a tenant's rollups up to its event head (a report reads its own writes). */
export async function catchUp(db: Db, tenantId: string): Promise<void> {
  const state = await sql<{ head: string | null; seq: string | null }>`
    select h.seq as head, c.seq from event_heads h
    left join report_cursors c on c.tenant_id = h.tenant_id
    where h.tenant_id = ${tenantId}`.execute(db);
  const row = state.rows[0];
  if (!row || BigInt(row.head ?? '0') <= BigInt(row.seq ?? '0')) {
    return;
  }
  for (;;) {
    const step = await projectStep(db, tenantId);
    if (step.done) {
      return;
    }
  }
}

/** Tenants whose events are ahead of their report cursor (the background projector's queue). */
export async function tenantsBehind(db: Db, limit: number): Promise<string[]> {
  const rows = await sql<{ tenant_id: string }>`
    select h.tenant_id from event_heads h
    left join report_cursors c on c.tenant_id = h.tenant_id
    where h.seq > coalesce(c.seq, 0)
    order by h.tenant_id
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.tenant_id);
}

async function deltasOf(tx: Tx, tenantId: string, events: ProjectedEvent[]): Promise<RollupDelta[]> {
  if (events.length === 0) {
    return [];
  }
  const src = await loadSources(tx, tenantId, events);
  const deltas: RollupDelta[] = [];
  for (const s of src.sales) {
    deltas.push(...saleDeltas(s));
  }
  for (const p of src.payments) {
    deltas.push(...paymentDeltas(p));
  }
  for (const r of src.refunds) {
    deltas.push(...refundDeltas(r));
  }
  return mergeDeltas(deltas);
}

async function addDeltas(tx: Tx, tenantId: string, deltas: RollupDelta[]): Promise<void> {
  const rows = deltas.map((d) => ({
    tenant_id: tenantId,
    dimension: d.dimension,
    business_date: d.date,
    outlet_id: d.outletId,
    key: d.key,
    label: d.label,
    ...Object.fromEntries(FIGURES.map((f) => [f, String(d.figures[f] ?? 0)])),
  }));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await tx
      .insertInto('report_rollups')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'dimension', 'business_date', 'outlet_id', 'key']).doUpdateSet({
          label: sql`excluded.label`,
          ...Object.fromEntries(
            FIGURES.map((f) => [f, sql`report_rollups.${sql.ref(f)} + excluded.${sql.ref(f)}`]),
          ),
        }),
      )
      .execute();
  }
}

/**
 * Throws a tenant's rollups away and replays its whole event log into them (after a fix to the
 * projector or a new dimension). The cursor is locked while the rows are deleted, so no projector
 * step runs in between; reports read empty figures until the replay has caught up.
 */
export async function rebuild(db: Db, tenantId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('report_cursors')
      .values({ tenant_id: tenantId, seq: '0' })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .execute();
    await sql`select seq from report_cursors where tenant_id = ${tenantId} for update`.execute(tx);
    await tx.deleteFrom('report_rollups').where('tenant_id', '=', tenantId).execute();
    await tx
      .updateTable('report_cursors')
      .set({ seq: '0', updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .execute();
  });
  await catchUp(db, tenantId);
}
