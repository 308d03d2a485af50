import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { assertOutletAccess } from '../identity/index.ts';
import type { AppliedDiscountSnapshot, LineSnapshot } from './order-lines.ts';
import { isEditable, type OrderStatus } from './order-state.ts';
import {
  lineFigures,
  lineFromRow,
  orderDto,
  priceForWrite,
  pricingOrder,
  totalColumns,
  type ChargeSnapshot,
  type LineFigures,
  type OrderDto,
} from './order-view.ts';
import * as repo from './orders.repo.ts';

const num = (v: string | number) => Number(v);

/** What an order edit may change along with re-pricing: header columns and the order's snapshots. */
export interface HeaderChange {
  dining_option?: string;
  table_ref?: string | null;
  customer_name?: string | null;
  guest_count?: number | null;
  notes?: string | null;
  discounts?: AppliedDiscountSnapshot[];
  serviceCharges?: ChargeSnapshot[];
}

/** Persistence steps every order use case shares: lock, insert lines, re-price, load. */
export function createOrderStore(deps: { clock: Clock }) {
  const { clock } = deps;

  /**
   * Re-prices the order from its stored snapshots (with `change` applied) and writes the change,
   * totals, line figures and version + 1 in one UPDATE. Snapshots are values here and JSON only
   * in the column, so the figures are priced from exactly what is stored.
   */
  async function reprice(tx: Tx, o: repo.OrderRow, change: HeaderChange = {}): Promise<void> {
    const { discounts, serviceCharges, ...columns } = change;
    const rows = await repo.getLineRows(tx, o.tenant_id, o.id);
    const active = rows.filter((l) => l.status === 'active');
    const pricing = pricingOrder(o);
    const result = priceForWrite(
      {
        ...pricing,
        discounts: discounts ?? pricing.discounts,
        serviceCharges: serviceCharges ?? pricing.serviceCharges,
      },
      active.map(lineFromRow),
    );
    await repo.writeLineFigures(
      tx,
      o.tenant_id,
      result.lines.map((l) => ({ id: l.id, ...lineFigures(l) })),
    );
    const paid = num(o.paid_amount);
    await tx
      .updateTable('orders')
      .set({
        ...columns,
        ...(discounts ? { discounts: JSON.stringify(discounts) } : {}),
        ...(serviceCharges ? { service_charges: JSON.stringify(serviceCharges) } : {}),
        ...totalColumns(result, paid),
        version: o.version + 1,
        updated_at: clock.now(),
      })
      .where('tenant_id', '=', o.tenant_id)
      .where('id', '=', o.id)
      .execute();
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

  async function insertLines(
    tx: Tx,
    tenantId: string,
    orderId: string,
    lines: LineSnapshot[],
    firstPosition: number,
    figures: Map<string, LineFigures> = new Map(),
  ): Promise<repo.LineRow[]> {
    if (!lines.length) {
      return [];
    }
    const inserted = await tx
      .insertInto('order_lines')
      .values(
        lines.map((l, i) => ({
          tenant_id: tenantId,
          id: l.id,
          order_id: orderId,
          position: firstPosition + i,
          item_id: l.itemId,
          variant_id: l.variantId,
          name: l.name,
          variant_name: l.variantName,
          quantity: l.quantity,
          unit_price: l.unitPrice,
          modifiers: JSON.stringify(l.modifiers),
          tax_rates: JSON.stringify(l.taxRates),
          discounts: JSON.stringify(l.discounts),
          notes: l.notes,
          ...figures.get(l.id),
        })),
      )
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .returningAll()
      .execute();
    if (inserted.length !== lines.length) {
      throw new AppError('orders.conflict', 'A line with one of these ids already exists.');
    }
    return inserted;
  }

  async function load(db: Executor, ctx: ServiceContext, id: string): Promise<OrderDto> {
    const o = await repo.getOrderRow(db, ctx.tenantId, id);
    assertOutletAccess(ctx, o.outlet_id);
    return orderDto(o, await repo.getLineRows(db, ctx.tenantId, id));
  }

  /** Locks an order that may still be edited (open or sent). */
  async function lockEditable(tx: Tx, ctx: ServiceContext, id: string, expectedVersion: number | undefined) {
    const o = await lockForChange(tx, ctx, id, expectedVersion);
    if (!isEditable(o.status as OrderStatus)) {
      throw new AppError('orders.not_editable', `A ${o.status} order cannot be changed.`);
    }
    return o;
  }

  return { reprice, lockForChange, lockEditable, insertLines, load };
}
export type OrderStore = ReturnType<typeof createOrderStore>;
