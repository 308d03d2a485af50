import { sql, type Insertable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { precompiledRows } from '../../platform/db/precompiled.ts';
import { newId } from '../../platform/ids/ids.ts';
import { assertBalanced, type PostingLine } from './posting.ts';

export interface EntryInput {
  kind: 'payment' | 'sale' | 'refund' | 'drawer' | 'inventory';
  currency: string;
  postedAt: Date;
  outletId?: string | null;
  registerId?: string | null;
  orderId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  memo?: string | null;
  /** The drawer session whose cash this entry moved (cash payments, cash refunds, drawer entries). */
  drawerSessionId?: string | null;
  lines: readonly PostingLine[];
}

/**
 * Posts one balanced entry in the caller's transaction (the money movement and its entry commit
 * together). The database re-checks the balance at commit; an entry with no lines is not posted.
 */
export async function postEntry(tx: Tx, tenantId: string, entry: EntryInput): Promise<string | null> {
  return (await postEntries(tx, tenantId, [entry]))[0] ?? null;
}

/**
 * Posts entries in one round trip: the entries in a data-modifying CTE, their lines in the main
 * statement (the foreign key is checked at the end of the statement, when the entries exist).
 * Entries without lines are skipped. Returns the ids of the entries posted.
 */
export async function postEntries(
  tx: Tx,
  tenantId: string,
  entries: readonly EntryInput[],
): Promise<string[]> {
  const rows = ledgerRows(tenantId, entries);
  if (rows.entries.length > 0) {
    await insertEntries(tx, rows.entries, rows.lines);
  }
  return rows.entries.map((e) => e.id);
}

/** What `postEntries` writes: the entries (with new ids) and their lines. */
export interface LedgerRows {
  entries: (Insertable<DB['ledger_entries']> & { id: string })[];
  lines: Insertable<DB['ledger_lines']>[];
}

/**
 * The rows `postEntries` writes, for a caller that inserts them inside its own statement (data-
 * modifying CTEs: the completing UPDATE of an order): entries without lines are left out; each
 * entry must balance.
 */
export function ledgerRows(tenantId: string, entries: readonly EntryInput[]): LedgerRows {
  const posted = entries.filter((e) => e.lines.length > 0).map((entry) => ({ entry, id: newId() }));
  for (const { entry } of posted) {
    assertBalanced(entry.lines);
  }
  return {
    entries: posted.map(({ entry, id }) => ({
      tenant_id: tenantId,
      id,
      kind: entry.kind,
      currency: entry.currency,
      posted_at: entry.postedAt,
      outlet_id: entry.outletId ?? null,
      register_id: entry.registerId ?? null,
      order_id: entry.orderId ?? null,
      payment_id: entry.paymentId ?? null,
      refund_id: entry.refundId ?? null,
      memo: entry.memo ?? null,
      drawer_session_id: entry.drawerSessionId ?? null,
    })),
    lines: posted.flatMap(({ entry, id }) =>
      entry.lines.map((l, i) => ({
        tenant_id: tenantId,
        entry_id: id,
        line_no: i + 1,
        account: l.account,
        debit: l.debit,
        credit: l.credit,
      })),
    ),
  };
}

/** Written by every sale and payment: built and compiled once per shape (platform/db/precompiled). */
const insertEntries = precompiledRows(
  (
    tx: Executor,
    entries: readonly Insertable<DB['ledger_entries']>[],
    lines: readonly Insertable<DB['ledger_lines']>[],
  ) =>
    tx
      .with('entry', (q) => q.insertInto('ledger_entries').values(entries))
      .insertInto('ledger_lines')
      .values(lines),
);

export interface Period {
  from?: string;
  to?: string;
}

/** Σ debit and Σ credit per account and currency for entries posted in [from, to). */
export async function trialBalance(db: Executor, tenantId: string, period: Period) {
  let q = db
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', (j) =>
      j.onRef('e.tenant_id', '=', 'l.tenant_id').onRef('e.id', '=', 'l.entry_id'),
    )
    .select([
      'e.currency',
      'l.account',
      sql<string>`sum(l.debit)`.as('debit'),
      sql<string>`sum(l.credit)`.as('credit'),
    ])
    .where('l.tenant_id', '=', tenantId)
    .where('e.tenant_id', '=', tenantId)
    .groupBy(['e.currency', 'l.account'])
    .orderBy('e.currency')
    .orderBy('l.account');
  if (period.from) {
    q = q.where('e.posted_at', '>=', new Date(period.from));
  }
  if (period.to) {
    q = q.where('e.posted_at', '<', new Date(period.to));
  }
  return q.execute();
}

/** Entries whose lines do not balance (the commit-time trigger makes this empty; the check proves it). */
export async function unbalancedEntries(db: Executor, tenantId: string) {
  return db
    .selectFrom('ledger_lines')
    .select(['entry_id', sql<string>`sum(debit) - sum(credit)`.as('difference')])
    .where('tenant_id', '=', tenantId)
    .groupBy('entry_id')
    .having(sql`sum(debit) - sum(credit)`, '<>', 0)
    .execute();
}

/** Per order: the net (debit − credit) of every account its entries touched. */
export async function orderAccountNets(db: Executor, tenantId: string, orderIds?: readonly string[]) {
  let q = db
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', (j) =>
      j.onRef('e.tenant_id', '=', 'l.tenant_id').onRef('e.id', '=', 'l.entry_id'),
    )
    .select(['e.order_id', 'l.account', sql<string>`sum(l.debit) - sum(l.credit)`.as('net')])
    .where('l.tenant_id', '=', tenantId)
    .where('e.tenant_id', '=', tenantId)
    .where('e.order_id', 'is not', null)
    .groupBy(['e.order_id', 'l.account']);
  if (orderIds) {
    if (orderIds.length === 0) {
      return [];
    }
    q = q.where('e.order_id', 'in', [...orderIds]);
  }
  return q.execute();
}

/** Entries (with lines) of one order, oldest first. */
export async function entriesOfOrder(db: Executor, tenantId: string, orderId: string) {
  const entries = await db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('posted_at')
    .orderBy('id')
    .execute();
  if (entries.length === 0) {
    return [];
  }
  const lines = await db
    .selectFrom('ledger_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(
      'entry_id',
      'in',
      entries.map((e) => e.id),
    )
    .orderBy('entry_id')
    .orderBy('line_no')
    .execute();
  return entries.map((e) => ({ ...e, lines: lines.filter((l) => l.entry_id === e.id) }));
}
