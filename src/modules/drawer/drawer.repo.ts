import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { precompiledRow } from '../../platform/db/precompiled.ts';
import { notFound } from '../../platform/http/errors.ts';

const num = (v: string | number) => Number(v);

export interface CashSettings {
  requireOpenSession: boolean;
  varianceThreshold: number;
  receiptNumbering: 'outlet' | 'register';
  /** Receipt branding. */
  taxId: string | null;
  receiptHeader: string | null;
  receiptFooter: string | null;
  /** The receipt logo: an image uploaded by this business (media). */
  logoImageId: string | null;
}

export const DEFAULT_CASH_SETTINGS: CashSettings = {
  requireOpenSession: false,
  varianceThreshold: 0,
  receiptNumbering: 'outlet',
  taxId: null,
  receiptHeader: null,
  receiptFooter: null,
  logoImageId: null,
};

/** An outlet's cash settings (the defaults until it changes one). */
export async function getCashSettings(
  db: Executor,
  tenantId: string,
  outletId: string,
): Promise<CashSettings> {
  const row = await db
    .selectFrom('outlet_cash_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .executeTakeFirst();
  return row
    ? {
        requireOpenSession: row.require_open_session,
        varianceThreshold: num(row.variance_threshold),
        receiptNumbering: row.receipt_numbering as CashSettings['receiptNumbering'],
        taxId: row.tax_id,
        receiptHeader: row.receipt_header,
        receiptFooter: row.receipt_footer,
        logoImageId: row.logo_image_id,
      }
    : { ...DEFAULT_CASH_SETTINGS };
}

export async function putCashSettings(
  tx: Tx,
  tenantId: string,
  outletId: string,
  s: CashSettings,
  now: Date,
): Promise<void> {
  const values = {
    require_open_session: s.requireOpenSession,
    variance_threshold: s.varianceThreshold,
    receipt_numbering: s.receiptNumbering,
    tax_id: s.taxId,
    receipt_header: s.receiptHeader,
    receipt_footer: s.receiptFooter,
    logo_image_id: s.logoImageId,
    updated_at: now,
  };
  await tx
    .insertInto('outlet_cash_settings')
    .values({ tenant_id: tenantId, outlet_id: outletId, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'outlet_id']).doUpdateSet(values))
    .execute();
}

export type SessionRow = Awaited<ReturnType<typeof getSessionRow>>;

/** A session; `lock`: `update` (changes to the session) or `share` (cash posted into it). */
export async function getSessionRow(db: Executor, tenantId: string, id: string, lock?: 'update' | 'share') {
  let q = db.selectFrom('drawer_sessions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock === 'update') {
    q = q.forUpdate();
  } else if (lock === 'share') {
    q = q.forShare();
  }
  const row = await q.executeTakeFirst();
  if (!row) {
    throw notFound('drawer_sessions', id);
  }
  return row;
}

/**
 * A cash movement into a register's open session, as a statement writes it: the session is the
 * one the statement finds (`session_id`); every value is set (null, not left out), so the
 * statements that write it have one shape.
 */
export interface OpenSessionMovement {
  tenant_id: string;
  id: string;
  register_id: string | null;
  outlet_id: string;
  kind: 'sale' | 'refund';
  /** Signed: what went into the drawer. */
  amount: number;
  tendered: number | null;
  change_given: number | null;
  payment_id: string | null;
  refund_id: string | null;
  order_id: string | null;
  actor: string;
  created_at: Date;
}

/** What posting a movement came to: the session it went into (null: none open) and the outlet's setting. */
export interface SessionPosting {
  sessionId: string | null;
  requireOpenSession: boolean;
}

/**
 * A cash movement into the register's open session as parts of a statement — the one owner of
 * its SQL, for `insertMovementIntoOpenSession` and for a caller that writes the movement inside its
 * own statement (payments' insert of a completed cash payment): two CTEs, to be named
 * `drawer_session` (the open session, locked `FOR SHARE`: cash sales post into it concurrently,
 * and a close (`FOR UPDATE`) waits for them to commit — so no cash lands in a session after its
 * count) and `drawer_movement` (the insert, from `drawer_session`), and the two values the
 * statement returns: `sessionId` (null when the register has none open, or there is no register,
 * and nothing was written) and `requireOpenSession` (the outlet's setting). `when`: a condition
 * of the caller's that the movement waits for (its payment row was inserted) — a fixed part of
 * the caller's statement, never a value.
 */
export function movementIntoOpenSession(m: OpenSessionMovement, when?: RawBuilder<unknown>) {
  return {
    session: sql<{ id: string }>`(select id from drawer_sessions
       where tenant_id = ${m.tenant_id} and register_id = ${m.register_id}::uuid and status = 'open'${
         when ? sql` and ${when}` : sql``
       }
       for share)`,
    movement: sql<{ session_id: string }>`(insert into drawer_movements
        (tenant_id, id, session_id, kind, amount, tendered, change_given, payment_id, refund_id,
         order_id, actor, created_at)
      select ${m.tenant_id}::uuid, ${m.id}::uuid, drawer_session.id, ${m.kind}::text, ${m.amount}::bigint,
             ${m.tendered}::bigint, ${m.change_given}::bigint, ${m.payment_id}::uuid,
             ${m.refund_id}::uuid, ${m.order_id}::uuid, ${m.actor}::text,
             ${m.created_at}::timestamptz
        from drawer_session
      returning session_id)`,
    sessionId: sql<string | null>`(select session_id from drawer_movement)`,
    requireOpenSession: sql<boolean>`coalesce((select require_open_session from outlet_cash_settings
      where tenant_id = ${m.tenant_id} and outlet_id = ${m.outlet_id}), false)`,
  };
}

/**
 * A cash movement into the register's open session, in one statement that also reads whether the
 * outlet requires a session (`movementIntoOpenSession`).
 */
export async function insertMovementIntoOpenSession(tx: Tx, m: OpenSessionMovement): Promise<SessionPosting> {
  const [row] = await insertMovementStatement(tx, m);
  return { sessionId: row!.session_id, requireOpenSession: row!.require_open_session };
}

/** Run by cash refunds: built and compiled once (platform/db/precompiled). */
const insertMovementStatement = precompiledRow((db: Executor, m: OpenSessionMovement) => {
  const parts = movementIntoOpenSession(m);
  return db
    .with('drawer_session', () => parts.session)
    .with('drawer_movement', () => parts.movement)
    .selectNoFrom([parts.sessionId.as('session_id'), parts.requireOpenSession.as('require_open_session')]);
});

export async function findOpenSession(db: Executor, tenantId: string, registerId: string) {
  return db
    .selectFrom('drawer_sessions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('register_id', '=', registerId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

export async function insertSession(tx: Tx, row: Insertable<DB['drawer_sessions']>) {
  return tx.insertInto('drawer_sessions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function closeSessionRow(
  tx: Tx,
  tenantId: string,
  id: string,
  set: {
    closed_by: string;
    closed_at: Date;
    expected_cash: number;
    counted_cash: number;
    counted_denominations: string | null;
    variance: number;
    variance_reason: string | null;
    variance_approved_by: string | null;
    z_number: number;
  },
) {
  return tx
    .updateTable('drawer_sessions')
    .set({ ...set, status: 'closed' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertMovement(tx: Tx, row: Insertable<DB['drawer_movements']>): Promise<void> {
  await tx.insertInto('drawer_movements').values(row).execute();
}

export async function listMovements(db: Executor, tenantId: string, sessionId: string) {
  return db
    .selectFrom('drawer_movements')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('session_id', '=', sessionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Σ movement amounts per kind of a session. */
export async function movementTotals(db: Executor, tenantId: string, sessionId: string) {
  const rows = await db
    .selectFrom('drawer_movements')
    .select(['kind', sql<string>`sum(amount)`.as('total'), sql<string>`count(*)`.as('n')])
    .where('tenant_id', '=', tenantId)
    .where('session_id', '=', sessionId)
    .groupBy('kind')
    .execute();
  const totals: Record<string, { total: number; count: number }> = {};
  for (const r of rows) {
    totals[r.kind] = { total: num(r.total), count: num(r.n) };
  }
  return totals;
}

/** The next Z number of a register: one more than the last (closes of a register serialise). */
export async function nextZNumber(tx: Tx, tenantId: string, registerId: string): Promise<number> {
  const row = await tx
    .selectFrom('z_reports')
    .select(sql<number>`coalesce(max(number), 0) + 1`.as('next'))
    .where('tenant_id', '=', tenantId)
    .where('register_id', '=', registerId)
    .executeTakeFirstOrThrow();
  return num(row.next);
}

export async function insertZReport(tx: Tx, row: Insertable<DB['z_reports']>): Promise<void> {
  await tx.insertInto('z_reports').values(row).execute();
}

export async function getZReportRow(db: Executor, tenantId: string, registerId: string, number: number) {
  const row = await db
    .selectFrom('z_reports')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('register_id', '=', registerId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!row) {
    throw notFound('z_reports', `${registerId}/${number}`);
  }
  return row;
}

/**
 * The session's cash in the ledger: Σ (debit − credit) on `cash_drawer` and on `cash_over_short`
 * over the entries tagged with the session (its drawer entries, and the cash payments and refunds
 * posted into it).
 */
export async function ledgerCashOfSession(db: Executor, tenantId: string, sessionId: string) {
  const rows = await db
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', (j) =>
      j.onRef('e.tenant_id', '=', 'l.tenant_id').onRef('e.id', '=', 'l.entry_id'),
    )
    .select(['l.account', sql<string>`sum(l.debit) - sum(l.credit)`.as('net')])
    .where('e.tenant_id', '=', tenantId)
    .where('l.tenant_id', '=', tenantId)
    .where('e.drawer_session_id', '=', sessionId)
    .where('l.account', 'in', ['cash_drawer', 'cash_over_short'])
    .groupBy('l.account')
    .execute();
  const net = (account: string) => num(rows.find((r) => r.account === account)?.net ?? 0);
  return { cashDrawer: net('cash_drawer'), overShort: net('cash_over_short') };
}
