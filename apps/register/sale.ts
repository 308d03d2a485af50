// The register's sale: a cart kept on this device (survives a reload) under a client order id,
// and the few API calls that turn it into a paid order. takePayment is the one place that knows
// how a sale reaches the server: a counter sale paid in full by cash or card is ONE request
// (POST /v1/sales); a gateway (QRIS) payment, a part payment, a split or an order kept open
// first creates the order (POST /v1/orders), then pays it (POST /v1/orders/:id/payments).
import { idem, newIdempotencyKey, staff } from '../shared/api.ts';
import type { BodyOf, Ok } from '../shared/api-types.ts';
import type { Cart, CartLine } from '../shared/pricing.ts';
import { isCounterSale } from './pay/due.ts';

export type Order = Ok<'/v1/orders/{id}', 'get'>;
export type Payment = Ok<'/v1/payments/{id}', 'get'>;
export type PaymentInput = Omit<BodyOf<'/v1/orders/{id}/payments', 'post'>, 'id' | 'completeOrder'>;
export type SaleInput = BodyOf<'/v1/sales', 'post'>;
export type SaleTender = SaleInput['payments'][number];
export type OrderSummary = Ok<'/v1/orders', 'get'>['items'][number];

export interface SaleHeader {
  tableRef: string;
  guestCount: number | null;
  customerName: string;
}
export interface Sale {
  /** The order id, chosen here (client-generated ids: a retry never makes a second order). */
  id: string;
  /** Idempotency-Key of "create this order". */
  key: string;
  cart: Cart;
  header: SaleHeader;
  /** A manager's approval for the discounts of this order (target: this order). */
  approvalId: string | null;
  /** The order as the server last answered, once it exists there. */
  order: Order | null;
  /** Split evenly: the parts still to pay (amounts), first one next. */
  parts?: number[] | undefined;
  /** Split by items: the order the rest of the bill stayed on (paid after this one). */
  restOrderId?: string | undefined;
}

export const newId = (): string => globalThis.crypto.randomUUID();

export function newSale(): Sale {
  return {
    id: newId(),
    key: newIdempotencyKey(),
    cart: { diningOption: 'takeaway', lines: [], discounts: [] },
    header: { tableRef: '', guestCount: null, customerName: '' },
    approvalId: null,
    order: null,
  };
}

const saleKey = (deviceId: string) => `kasir.sale.${deviceId}`;
export function loadSale(deviceId: string): Sale {
  try {
    const raw = localStorage.getItem(saleKey(deviceId));
    return raw ? (JSON.parse(raw) as Sale) : newSale();
  } catch {
    return newSale();
  }
}
export function saveSale(deviceId: string, sale: Sale): void {
  localStorage.setItem(saleKey(deviceId), JSON.stringify(sale));
}

function orderBody(sale: Sale, outletId: string, registerId: string): BodyOf<'/v1/orders', 'post'> {
  const h = sale.header;
  return {
    id: sale.id,
    outletId,
    registerId,
    diningOption: sale.cart.diningOption,
    ...(h.tableRef ? { tableRef: h.tableRef } : {}),
    ...(h.customerName ? { customerName: h.customerName } : {}),
    ...(h.guestCount ? { guestCount: h.guestCount } : {}),
    lines: sale.cart.lines.map((l: CartLine) => ({
      id: l.id,
      itemId: l.itemId,
      variantId: l.variantId,
      quantity: l.quantity,
      ...(l.modifierOptionIds.length ? { modifierOptionIds: l.modifierOptionIds } : {}),
      ...(l.notes ? { notes: l.notes } : {}),
      ...(l.discounts.length ? { discounts: l.discounts } : {}),
    })),
    ...(sale.cart.discounts.length ? { discounts: sale.cart.discounts } : {}),
    ...(sale.approvalId ? { approvalId: sale.approvalId } : {}),
  };
}

export async function getOrder(id: string): Promise<Order> {
  return staff((api) => api.GET('/v1/orders/{id}', { params: { path: { id } } }));
}

export interface Where {
  outletId: string;
  registerId: string;
}

/** Creates the order on the server and keeps it open (idempotent under the sale's key). */
export async function ensureOrder(sale: Sale, where: Where): Promise<Order> {
  if (sale.order) {
    return sale.order;
  }
  return staff((api) =>
    api.POST('/v1/orders', {
      body: orderBody(sale, where.outletId, where.registerId),
      headers: idem(sale.key),
    }),
  );
}

/**
 * One tender of a sale. A counter sale settled by this tender is one request (POST /v1/sales:
 * order, payment, completion in one transaction); otherwise the order is created (kept open) and
 * the payment taken, completing the order when it settles the balance. The caller's key is the
 * intent's and is kept across retries, so a double tap or a retry after a timeout makes one
 * order and one payment.
 */
export async function takePayment(
  sale: Sale,
  where: Where,
  payment: PaymentInput & { id: string },
  key: string,
  balance: number,
  /** Told as soon as the order exists on the server (even if the payment is then refused). */
  onOrder: (order: Order) => void = () => undefined,
): Promise<{ order: Order; payment: Payment; payments: Payment[] | null }> {
  const { method, amount, tipAmount, tendered, card } = payment;
  if (isCounterSale(sale, payment, balance) && (method === 'cash' || method === 'card')) {
    const tender: SaleTender = {
      id: payment.id,
      method,
      ...(amount !== undefined ? { amount } : {}),
      ...(tipAmount !== undefined ? { tipAmount } : {}),
      ...(tendered !== undefined ? { tendered } : {}),
      ...(card ? { card } : {}),
    };
    const done = await staff((api) =>
      api.POST('/v1/sales', {
        body: { ...orderBody(sale, where.outletId, where.registerId), payments: [tender] },
        headers: idem(key),
      }),
    );
    return { order: done.order, payment: done.payments[0]!, payments: done.payments };
  }
  const order = await ensureOrder(sale, where);
  if (!sale.order) {
    onOrder(order); // from now on the cart is the server's order (no second create, no /v1/sales)
  }
  const paid = await staff((api) =>
    api.POST('/v1/orders/{id}/payments', {
      params: { path: { id: order.id } },
      body: { ...payment, completeOrder: true },
      headers: idem(key),
    }),
  );
  return { order: await getOrder(order.id), payment: paid, payments: null };
}

export async function listPayments(orderId: string): Promise<Payment[]> {
  const page = await staff((api) =>
    api.GET('/v1/orders/{id}/payments', { params: { path: { id: orderId }, query: { limit: 100 } } }),
  );
  return page.items;
}

/** Today's business date at the outlet (YYYY-MM-DD in its time zone). */
export function businessDate(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Today's orders at this outlet (the one place that knows the list's page shape). */
export async function listTodaysOrders(
  outletId: string,
  date: string,
  number?: number,
  status?: 'open' | 'sent' | 'completed' | 'canceled',
): Promise<OrderSummary[]> {
  const page = await staff((api) =>
    api.GET('/v1/orders', {
      params: {
        query: {
          outletId,
          businessDate: date,
          limit: 100,
          ...(number ? { number } : {}),
          ...(status ? { status } : {}),
        },
      },
    }),
  );
  return page.items;
}
