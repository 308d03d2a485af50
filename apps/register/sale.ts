// The register's sale: a cart kept on this device (survives a reload) under a client order id,
// and the few API calls that turn it into a paid order. submitSale is the one place that knows
// how a sale reaches the server (today: POST /v1/orders, then the payment with completeOrder).
import { idem, newIdempotencyKey, staff } from '../shared/api.ts';
import type { BodyOf, Ok } from '../shared/api-types.ts';
import type { Cart, CartLine } from '../shared/pricing.ts';

export type Order = Ok<'/v1/orders/{id}', 'get'>;
export type Payment = Ok<'/v1/payments/{id}', 'get'>;
export type PaymentInput = Omit<BodyOf<'/v1/orders/{id}/payments', 'post'>, 'id' | 'completeOrder'>;
export type OrderSummary = Ok<'/v1/orders', 'get'>['orders'][number];

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

/**
 * One tender of a sale: creates the order when it is not on the server yet, then takes the
 * payment (completing the order when it settles the balance). Keys: the sale's for the order,
 * the caller's for the payment — kept across retries, so a double tap or a retry after a
 * timeout makes one order and one payment.
 */
export async function submitSale(
  sale: Sale,
  where: { outletId: string; registerId: string },
  payment: PaymentInput & { id: string },
  paymentKey: string,
): Promise<{ order: Order; payment: Payment }> {
  if (!sale.order) {
    await staff((api) =>
      api.POST('/v1/orders', {
        body: orderBody(sale, where.outletId, where.registerId),
        headers: idem(sale.key),
      }),
    );
  }
  const paid = await staff((api) =>
    api.POST('/v1/orders/{id}/payments', {
      params: { path: { id: sale.id } },
      body: { ...payment, completeOrder: true },
      headers: idem(paymentKey),
    }),
  );
  return { order: await getOrder(sale.id), payment: paid };
}

export async function listPayments(orderId: string): Promise<Payment[]> {
  return await staff((api) => api.GET('/v1/orders/{id}/payments', { params: { path: { id: orderId } } }));
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
): Promise<OrderSummary[]> {
  const page = await staff((api) =>
    api.GET('/v1/orders', {
      params: { query: { outletId, businessDate: date, limit: 100, ...(number ? { number } : {}) } },
    }),
  );
  return page.orders;
}
