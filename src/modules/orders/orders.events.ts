import type { EventInput } from '../../platform/events/events.ts';
import { lineExtras, type LineExtras, type OrderDto, type OrderHeader } from './order-record.ts';

export type { OrderHeader };

/** A line as order events carry it: what it is, how many, its state and its pass-through fields. */
export type OrderEventLineV1 = Pick<
  OrderDto['lines'][number],
  'id' | 'itemId' | 'variantId' | 'name' | 'variantName' | 'quantity' | 'status' | 'sent'
> &
  LineExtras;

const eventLine = (l: OrderDto['lines'][number]): OrderEventLineV1 => ({
  id: l.id,
  itemId: l.itemId,
  variantId: l.variantId,
  name: l.name,
  variantName: l.variantName,
  quantity: l.quantity,
  status: l.status,
  sent: l.sent,
  ...lineExtras(l),
});

/** Payload of every order event (version 1): the order's state after the change. */
export interface OrderEventPayloadV1 {
  orderId: string;
  number: number;
  /** The official receipt number, once the order completed. */
  receiptNumber: number | null;
  businessDate: string;
  outletId: string;
  registerId: string | null;
  status: string;
  diningOption: string;
  tableRef: string | null;
  currency: string;
  total: number;
  paymentStatus: string;
  paidAmount: number;
  balanceAmount: number;
  version: number;
  /** Every line (voided too), when the event is built from the whole order (not for money changes). */
  lines?: OrderEventLineV1[];
  /** What changed, e.g. `lines_added`, `line_voided`, `header`, `split`. */
  change?: string;
  from?: string;
  to?: string;
  reason?: string;
}

export const ORDER_EVENT_TYPES = [
  'order.created',
  'order.updated',
  'order.status_changed',
  'order.completed',
  'order.canceled',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/** Builds an order event from the order as it is after the change (its lines when given the whole order). */
export function orderEvent(
  type: OrderEventType,
  o: OrderHeader & { lines?: OrderDto['lines'] },
  extra: Partial<OrderEventPayloadV1> = {},
): EventInput {
  const payload: OrderEventPayloadV1 = {
    orderId: o.id,
    number: o.number,
    receiptNumber: o.receiptNumber,
    businessDate: o.businessDate,
    outletId: o.outletId,
    registerId: o.registerId,
    status: o.status,
    diningOption: o.diningOption,
    tableRef: o.tableRef,
    currency: o.currency,
    total: o.total,
    paymentStatus: o.paymentStatus,
    paidAmount: o.paidAmount,
    balanceAmount: o.balanceAmount,
    version: o.version,
    ...(o.lines ? { lines: o.lines.map(eventLine) } : {}),
    ...extra,
  };
  return {
    type,
    version: 1,
    topic: 'orders',
    outletId: o.outletId,
    registerId: o.registerId,
    orderId: o.id,
    payload: { ...payload },
  };
}
