import type { ReceiptDocument } from '../../src/modules/receipts/receipt-document.ts';

/** A fixed receipt for golden tests: two lines (one with a modifier), PB1 10%, cash with change. */
export const GOLDEN_RECEIPT: ReceiptDocument = {
  kind: 'receipt',
  number: 42,
  copy: false,
  locale: 'id-ID',
  currency: 'IDR',
  business: {
    name: 'Warung Kopi Senja',
    outlet: 'Kemang',
    address: 'Jl. Kemang Raya 10, Jakarta',
    taxId: null,
    header: null,
    footer: null,
    logoImageId: null,
    logoUrl: null,
  },
  orderId: '01900000-0000-7000-8000-000000000001',
  orderNumber: 7,
  businessDate: '2026-12-03',
  timeZone: 'UTC',
  issuedAt: '2026-12-03T05:30:00.000Z',
  lines: [
    { name: 'Es Kopi Susu Gula Aren (Large)', quantity: 2, total: 5_600_000, modifiers: ['Extra shot'] },
    { name: 'Pisang Goreng', quantity: 1, total: 1_500_000, modifiers: [] },
  ],
  subtotal: 7_100_000,
  discounts: 0,
  serviceCharge: 0,
  taxes: [{ name: 'PB1', ratePpm: 100_000, inclusive: false, amount: 710_000 }],
  total: 7_810_000,
  payments: [
    { method: 'cash', amount: 7_810_000, tip: 0, rounding: 0, tendered: 10_000_000, change: 2_190_000 },
  ],
  refunds: [],
  link: 'https://kasir.example/receipts/t/o?sig=0123456789abcdef0123456789abcdef',
};
