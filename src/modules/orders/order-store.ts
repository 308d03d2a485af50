import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { assertOutletAccess } from '../identity/index.ts';
import type { AppliedDiscountSnapshot } from './order-lines.ts';
import {
  lineFigures,
  lineFromRow,
  newLineRow,
  orderDto,
  priceForWrite,
  pricedColumns,
  pricingOrder,
  snapshotColumns,
  type ChargeSnapshot,
  type DraftLine,
  type LineFigures,
  type LineRow,
  type OrderChange,
  type OrderDto,
  type OrderRow,
} from './order-record.ts';
import { isEditable, type OrderStatus } from './order-state.ts';
import * as repo from './orders.repo.ts';

const num = (v: string | number) => Number(v);

/** What an order edit may change along with re-pricing: header columns and the order's snapshots. */
export interface RepriceChange {
  columns?: OrderChange;
  discounts?: AppliedDiscountSnapshot[];
  serviceCharges?: ChargeSnapshot[];
}

/** 409: a line id sent with new lines is taken. */
export const linesConflict = () =>
  new AppError('orders.conflict', 'A line with one of these ids already exists.');

/** Steps every order use case shares: lock, insert lines, re-price, load (SQL in the repo). */
export function createOrderStore(deps: { clock: Clock }) {
  const { clock } = deps;

  /**
   * Re-prices the order from its stored snapshots (with `change` applied) and writes the change,
   * totals, line figures and version + 1 (one UPDATE for the order, one for its lines). Snapshots
   * are values here and JSON only in the column, so the figures are priced from exactly what is
   * stored — the one pricing of an edit.
   */
  async function reprice(tx: Tx, o: OrderRow, change: RepriceChange = {}): Promise<void> {
    const rows = await repo.getLineRows(tx, o.tenant_id, o.id);
    const active = rows.filter((l) => l.status === 'active');
    const pricing = pricingOrder(o);
    const snapshots = {
      discounts: change.discounts ?? pricing.discounts,
      serviceCharges: change.serviceCharges ?? pricing.serviceCharges,
    };
    const result = priceForWrite({ ...pricing, ...snapshots }, active.map(lineFromRow));
    await repo.writeLineFigures(
      tx,
      o.tenant_id,
      result.lines.map((l) => ({ id: l.id, ...lineFigures(l) })),
    );
    await repo.updateOrder(tx, o.tenant_id, o.id, {
      ...change.columns,
      ...snapshotColumns({ discounts: change.discounts, serviceCharges: change.serviceCharges }),
      ...pricedColumns(result, num(o.paid_amount)),
      version: o.version + 1,
      updated_at: clock.now(),
    });
  }

  /** Locks an order for a change: it must exist here, be reachable, and match the expected version. */
  async function lockForChange(tx: Tx, ctx: ServiceContext, id: string, expectedVersion: number | undefined) {
    const o = await repo.getOrderRow(tx, ctx.tenantId, id, true);
    assertOutletAccess(ctx, o.outlet_id);
    if (expectedVersion !== undefined && expectedVersion !== o.version) {
      throw new AppError(
        'orders.version_conflict',
        'The order changed since you loaded it; reload and try again.',
        { currentVersion: o.version },
      );
    }
    return o;
  }

  /** Locks an order that may still be edited (open or sent). */
  async function lockEditable(tx: Tx, ctx: ServiceContext, id: string, expectedVersion: number | undefined) {
    const o = await lockForChange(tx, ctx, id, expectedVersion);
    if (!isEditable(o.status as OrderStatus)) {
      throw new AppError('orders.not_editable', `A ${o.status} order cannot be changed.`);
    }
    return o;
  }

  /** Stores new lines from `firstPosition` on, with their figures when priced already. */
  async function insertLines(
    tx: Tx,
    tenantId: string,
    orderId: string,
    lines: DraftLine[],
    firstPosition: number,
    figures: Map<string, LineFigures> = new Map(),
  ): Promise<LineRow[]> {
    if (!lines.length) {
      return [];
    }
    const inserted = await repo.insertLines(
      tx,
      lines.map((l, i) => newLineRow(tenantId, orderId, firstPosition + i, l, figures.get(l.id))),
    );
    if (inserted.length !== lines.length) {
      throw linesConflict();
    }
    return inserted;
  }

  /** The order as stored (no pricing on a read). */
  async function load(db: Executor, ctx: ServiceContext, id: string): Promise<OrderDto> {
    const o = await repo.getOrderRow(db, ctx.tenantId, id);
    assertOutletAccess(ctx, o.outlet_id);
    return orderDto(o, await repo.getLineRows(db, ctx.tenantId, id));
  }

  return { reprice, lockForChange, lockEditable, insertLines, load };
}
export type OrderStore = ReturnType<typeof createOrderStore>;
