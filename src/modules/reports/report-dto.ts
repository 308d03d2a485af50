import type { Figures } from './rollup-facts.ts';

/** A rollup's figures as the API shows them (minor units; net sales and net collected derived). */
export interface FiguresDto {
  orders: number;
  quantity: number;
  grossSales: number;
  discounts: number;
  returns: number;
  netSales: number;
  serviceCharge: number;
  tax: number;
  tips: number;
  rounding: number;
  collected: number;
  refunded: number;
  netCollected: number;
  refundCount: number;
  returnedQuantity: number;
}

export const FIGURE_FIELDS: ReadonlyArray<keyof FiguresDto> = [
  'orders',
  'quantity',
  'grossSales',
  'discounts',
  'returns',
  'netSales',
  'serviceCharge',
  'tax',
  'tips',
  'rounding',
  'collected',
  'refunded',
  'netCollected',
  'refundCount',
  'returnedQuantity',
];

/** Which fields are money (CSV writes them in major units); the rest are counts. */
export const MONEY_FIELDS = new Set<keyof FiguresDto>([
  'grossSales',
  'discounts',
  'returns',
  'netSales',
  'serviceCharge',
  'tax',
  'tips',
  'rounding',
  'collected',
  'refunded',
  'netCollected',
]);

/** Net sales = gross − discounts − returns; net collected = collected − refunded. */
export function figuresDto(f: Figures): FiguresDto {
  return {
    orders: f.orders,
    quantity: f.quantity,
    grossSales: f.gross,
    discounts: f.discounts,
    returns: f.returns,
    netSales: f.gross - f.discounts - f.returns,
    serviceCharge: f.service_charge,
    tax: f.tax,
    tips: f.tips,
    rounding: f.rounding,
    collected: f.collected,
    refunded: f.refunded,
    netCollected: f.collected - f.refunded,
    refundCount: f.refund_count,
    returnedQuantity: f.returned_quantity,
  };
}

/** Adds figures (sums of rows). */
export function addFigures(a: Figures, b: Figures): Figures {
  const out = { ...a };
  for (const k of Object.keys(b) as Array<keyof Figures>) {
    out[k] += b[k];
  }
  return out;
}
