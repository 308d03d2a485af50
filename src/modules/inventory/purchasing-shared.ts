import type { Executor } from '../../platform/db/db.ts';
import { AppError } from '../../platform/http/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import * as repo from './inventory.repo.ts';

/** Helpers shared by purchase orders and transfers. */
export const num = (v: string | number) => Number(v);
export const iso = (d: Date | string) => new Date(d).toISOString();
/** The client's time of a movement (offline terminals), else now. */
export const occurred = (at: string | undefined, now: Date) => (at ? new Date(at) : now);

/** The stock items a document names, each once; unknown ids → 404 with the missing ids. */
export async function itemsById(db: Executor, tenantId: string, ids: string[]) {
  if (new Set(ids).size !== ids.length) {
    throw new AppError('inventory.invalid', 'Name each stock item once.', { field: 'lines' });
  }
  const items = new Map((await repo.getStockItemRows(db, tenantId, ids)).map((i) => [i.id, i]));
  const missing = ids.filter((id) => !items.has(id));
  if (missing.length) {
    throw new AppError('stock_items.not_found', 'Unknown stock items.', { ids: missing });
  }
  return items;
}

/** A page of documents (one more row than `limit` read) with the lines of the page's documents. */
export async function pageWithLines<R extends { id: string }, L, D>(
  rows: R[],
  limit: number,
  linesOf: (ids: string[]) => Promise<L[]>,
  key: (row: R) => [Date, string],
  dto: (row: R, lines: L[]) => D,
) {
  const lines = await linesOf(rows.slice(0, limit).map((r) => r.id));
  return toPage(rows, limit, key, (r) => dto(r, lines));
}
