import { Type, type Static } from 'typebox';
import { CreateOrderBody, OrderSchema } from '../modules/orders/index.ts';
import { CreatePaymentBody, PaymentSchema } from '../modules/payments/index.ts';
import { nameSchemas } from '../platform/http/openapi-contract.ts';
import { Body } from '../platform/http/schemas.ts';

const tender = CreatePaymentBody.properties;

/**
 * A tender of a one-request sale: cash or card only — they settle at once. A gateway payment
 * (QRIS, e-wallet) waits for the customer, so it takes the two-step path (create, then pay).
 */
export const SaleTender = Body({
  id: tender.id,
  method: Type.Union([Type.Literal('cash'), Type.Literal('card')]),
  amount: tender.amount,
  tipAmount: tender.tipAmount,
  tendered: tender.tendered,
  card: tender.card,
});

/** An order (exactly as `POST /v1/orders` takes it) and the tenders that pay it in full. */
export const SaleBody = Body({
  ...CreateOrderBody.properties,
  payments: Type.Array(SaleTender, {
    minItems: 1,
    maxItems: 10,
    description: 'applied in order; together they must settle the order, which is then completed',
  }),
});
export type SaleInput = Static<typeof SaleBody>;

export const SaleSchema = Type.Object({ order: OrderSchema, payments: Type.Array(PaymentSchema) });

nameSchemas({ CreateSaleRequest: SaleBody, SaleTender, Sale: SaleSchema });
