import type { Json } from '../../platform/db/schema.ts';
import type { LineRow, NewLineRow, NewOrderRow, OrderRow } from './order-record.ts';

/**
 * An order a sale creates and completes in one transaction (`POST /v1/sales`, the offline
 * upload), held in memory until its completion inserts it — numbered, paid and completed, with its
 * lines, its receipt number and its sale's costs — in one statement right before `finishMutation`
 * (`completeOrder`). So the outlet's order counter and its receipt counter are locked from that
 * statement to commit, about one round trip, instead of from the sale's first write. Its payments
 * are written before it: their references to the order are checked at commit (migration 0033).
 *
 * What was handed out before the insert and carries the order's number — the created DTO, the
 * `order.created` payload and audit entry, the headers and `order.updated` payloads of earlier
 * tenders — is listed in `numbered` and gets the number when the insert returns it (events, audit
 * and the response are serialized after that, by finishMutation and the route).
 */
export interface StagedOrder {
  /** The row to insert, as created (the money and completion are added when it is inserted). */
  insert: Omit<NewOrderRow, 'number'>;
  /** The order as it would read if stored now (number 0 until the insert gives it one). */
  row: OrderRow;
  /** Its lines, inserted with it. */
  lines: NewLineRow[];
  numbered: Numbered[];
}

/** Anything handed out with the order's number (a DTO, a header, an event payload, an audit entry). */
interface Numbered {
  number?: unknown;
}

const big = (v: string | number | bigint | null | undefined) => String(v ?? 0);
const json = (v: unknown): Json => (typeof v === 'string' ? (JSON.parse(v) as Json) : ((v ?? []) as Json));
const date = (v: Date | string | null | undefined) =>
  v === null || v === undefined ? new Date() : new Date(v);

/** Holds a new order row in memory, as the database would store it (defaults filled in). */
export function stageOrder(r: Omit<NewOrderRow, 'number'>, lines: NewLineRow[]): StagedOrder {
  const row: OrderRow = {
    tenant_id: r.tenant_id,
    id: r.id,
    outlet_id: r.outlet_id,
    register_id: r.register_id ?? null,
    number: 0,
    receipt_number: null,
    business_date: r.business_date,
    status: r.status ?? 'open',
    dining_option: r.dining_option,
    table_ref: r.table_ref ?? null,
    customer_name: r.customer_name ?? null,
    guest_count: r.guest_count ?? null,
    notes: r.notes ?? null,
    source: r.source ?? 'pos',
    currency: r.currency,
    rounding_mode: r.rounding_mode,
    tax_rounding: r.tax_rounding,
    cash_rounding_increment: big(r.cash_rounding_increment),
    discounts: json(r.discounts),
    service_charges: json(r.service_charges),
    taxes: json(r.taxes),
    charge_figures:
      r.charge_figures === undefined || r.charge_figures === null ? null : json(r.charge_figures),
    discount_figures:
      r.discount_figures === undefined || r.discount_figures === null ? null : json(r.discount_figures),
    subtotal: big(r.subtotal),
    discount_total: big(r.discount_total),
    service_charge_total: big(r.service_charge_total),
    tax_total: big(r.tax_total),
    tax_inclusive_total: big(r.tax_inclusive_total),
    tax_exclusive_total: big(r.tax_exclusive_total),
    total: big(r.total),
    cash_total: big(r.cash_total),
    cash_rounding_adjustment: big(r.cash_rounding_adjustment),
    payment_status: r.payment_status ?? 'unpaid',
    paid_amount: big(r.paid_amount),
    balance_amount: big(r.balance_amount),
    refunded_amount: big(r.refunded_amount),
    returned_amount: big(r.returned_amount),
    tip_amount: big(r.tip_amount),
    version: r.version ?? 1,
    created_by: r.created_by,
    cancel_reason: r.cancel_reason ?? null,
    created_at: date(r.created_at),
    updated_at: date(r.updated_at),
    sent_at: null,
    completed_at: null,
    canceled_at: null,
  };
  return { insert: r, row, lines, numbered: [] };
}

/**
 * A new line row as the database stores it (defaults filled in, as its insert returns it): a new
 * order's lines are inserted by the statement that inserts the order, which returns the order.
 */
export function storedLine(r: NewLineRow): LineRow {
  return {
    tenant_id: r.tenant_id,
    id: r.id,
    order_id: r.order_id,
    position: r.position,
    item_id: r.item_id,
    variant_id: r.variant_id,
    name: r.name,
    variant_name: r.variant_name,
    quantity: r.quantity,
    unit_price: big(r.unit_price),
    modifiers: json(r.modifiers),
    tax_rates: json(r.tax_rates),
    discounts: json(r.discounts),
    notes: r.notes ?? null,
    course: r.course ?? null,
    seat: r.seat ?? null,
    status: r.status ?? 'active',
    void_reason: r.void_reason ?? null,
    sent_at: r.sent_at === undefined || r.sent_at === null ? null : new Date(r.sent_at),
    gross: big(r.gross),
    item_discount: big(r.item_discount),
    order_discount: big(r.order_discount),
    net: big(r.net),
    service_charge: big(r.service_charge),
    service_charge_tax:
      r.service_charge_tax === undefined || r.service_charge_tax === null ? null : big(r.service_charge_tax),
    tax_inclusive: big(r.tax_inclusive),
    tax_exclusive: big(r.tax_exclusive),
    total: big(r.total),
    created_at: date(r.created_at),
    updated_at: date(r.updated_at),
  };
}

/**
 * Money that moved on a staged order, as `updateOrderMoney` writes it on a stored one (amounts
 * added, balance and status as derived by the caller, version + 1, or + 2 with the completion).
 */
export function moveStagedMoney(
  s: StagedOrder,
  m: {
    delta: { paid?: number; refunded?: number; returned?: number; tip?: number };
    balance: number;
    paymentStatus: string;
    completedAt: Date | null;
    now: Date;
  },
): OrderRow {
  const add = (v: string, d: number | undefined) => String(Number(v) + (d ?? 0));
  const o = s.row;
  s.row = {
    ...o,
    paid_amount: add(o.paid_amount, m.delta.paid),
    refunded_amount: add(o.refunded_amount, m.delta.refunded),
    returned_amount: add(o.returned_amount, m.delta.returned),
    tip_amount: add(o.tip_amount, m.delta.tip),
    balance_amount: String(m.balance),
    payment_status: m.paymentStatus,
    version: o.version + (m.completedAt ? 2 : 1),
    updated_at: m.now,
    ...(m.completedAt ? { status: 'completed', completed_at: m.completedAt } : {}),
  };
  return s.row;
}

/** The row a staged order is inserted with: as created, with the money and status it has now. */
export function stagedInsert(s: StagedOrder): Omit<NewOrderRow, 'number'> {
  const o = s.row;
  return {
    ...s.insert,
    paid_amount: o.paid_amount,
    refunded_amount: o.refunded_amount,
    returned_amount: o.returned_amount,
    tip_amount: o.tip_amount,
    balance_amount: o.balance_amount,
    payment_status: o.payment_status,
    status: o.status,
    completed_at: o.completed_at,
    version: o.version,
    updated_at: o.updated_at,
  };
}

/** Gives the number the insert returned to everything handed out before it. */
export function numberStaged(s: StagedOrder, number: number): void {
  for (const o of s.numbered) {
    o.number = number;
  }
  s.numbered.length = 0;
}
