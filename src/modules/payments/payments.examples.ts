import type { ContractExample } from '../../platform/http/openapi-contract.ts';

/** Examples for the OpenAPI document (checked against the schemas by test/openapi.test.ts). */
export const createPaymentRequest = {
  cash: {
    summary: 'Cash: Rp 50.000 tendered for the whole balance (change and rounding are computed)',
    value: { method: 'cash', tendered: 5_000_000, completeOrder: true },
  },
  cashPart: {
    summary: 'Cash for one part of a split bill (amounts are in minor units: sen)',
    value: { method: 'cash', amount: 2_100_000, tendered: 2_100_000 },
  },
  card: {
    summary: 'Card on an external terminal, with a tip',
    value: {
      method: 'card',
      amount: 4_200_000,
      tipAmount: 300_000,
      card: { brand: 'visa', last4: '4242', approvalCode: 'A1B2C3' },
    },
  },
  qris: {
    summary: 'QRIS through Midtrans: the response carries the QR string (and /qr.png draws it)',
    value: { method: 'gateway', gateway: 'midtrans', channel: 'qris' },
  },
} satisfies Record<string, ContractExample>;

export const createRefundRequest = {
  byAmount: {
    summary: 'Give back Rp 10.000 to the original tender',
    value: { amount: 1_000_000, reason: 'Cold coffee' },
  },
  byLines: {
    summary: 'Refund one line item in cash and put it back in stock',
    value: {
      lines: [{ lineId: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c90', quantity: 1, restock: true }],
      destination: 'cash',
      reason: 'Wrong order',
      approvalId: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c91',
    },
  },
} satisfies Record<string, ContractExample>;
