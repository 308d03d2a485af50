import { allocate } from '../../platform/money/allocate.ts';

/**
 * What the reports projector adds to the rollups for one sale, payment or refund — pure. Every
 * money figure comes from the event's ledger entry (so the rollups equal the books by
 * construction); lines, items and taxes only say how those figures split, by largest remainder
 * (`allocate`), so the parts of a report always add up to its whole exactly.
 */

/** The figures a rollup row carries (minor units, or counts). */
export const FIGURES = [
  'orders',
  'quantity',
  'gross',
  'discounts',
  'returns',
  'returned_quantity',
  'service_charge',
  'tax',
  'tips',
  'rounding',
  'collected',
  'refunded',
  'refund_count',
] as const;
export type Figure = (typeof FIGURES)[number];
export type Figures = Record<Figure, number>;

export const DIMENSIONS = [
  'day',
  'hour',
  'item',
  'variant',
  'category',
  'modifier',
  'employee',
  'dining',
  'payment',
  'tax',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface RollupDelta {
  outletId: string;
  date: string;
  dimension: Dimension;
  key: string;
  label: string;
  figures: Partial<Figures>;
}

export const zeroFigures = (): Figures => Object.fromEntries(FIGURES.map((f) => [f, 0])) as Figures;

/** One ledger line as stored (debit or credit). */
export interface LedgerLine {
  account: string;
  debit: number;
  credit: number;
}

const TENDERS = ['cash_drawer', 'card_clearing', 'gateway_clearing'];

/**
 * The report figures of ledger lines (one entry, or the sum of many: it is linear). Sales are
 * revenue before tax and discounts; returns are the sales returned; service charge and tax are
 * net of what refunds gave back; collected is what the tenders took in, refunded what they paid out.
 */
export function ledgerFigures(lines: readonly LedgerLine[]): Figures {
  const net = new Map<string, number>();
  for (const l of lines) {
    net.set(l.account, (net.get(l.account) ?? 0) + l.debit - l.credit);
  }
  const n = (a: string) => net.get(a) ?? 0;
  // A tender account is debited by a payment and credited by a refund; one entry is either.
  let collected = 0;
  let refunded = 0;
  for (const l of lines) {
    if (TENDERS.includes(l.account)) {
      collected += l.debit;
      refunded += l.credit;
    }
  }
  return {
    ...zeroFigures(),
    gross: -n('sales'),
    discounts: n('discounts'),
    returns: n('sales_returns'),
    service_charge: -n('service_charge'),
    tax: -n('tax_payable'),
    tips: -n('tips_payable'),
    rounding: -(n('cash_rounding') + n('payment_rounding')),
    collected,
    refunded,
  };
}

/** The calendar day and hour of an instant in a time zone (one formatter per zone). */
const formats = new Map<string, Intl.DateTimeFormat>();
export function localDayHour(at: Date, timeZone: string): { date: string; hour: string } {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, hour: p.hour ?? '00' };
}

export interface Keyed {
  key: string;
  label: string;
}

export interface SaleLine {
  item: Keyed;
  variant: Keyed;
  category: Keyed;
  quantity: number;
  /** Line gross less its inclusive tax, and its discounts (item + order): weights of the sale's figures. */
  preTaxGross: number;
  discount: number;
  modifiers: Array<Keyed & { price: number }>;
}

export interface TaxBucket extends Keyed {
  taxableBase: number;
  amount: number;
}

/** Where and when an entry happened, and who and what it belongs to. */
export interface EntryPlace {
  outletId: string;
  postedAt: Date;
  timeZone: string;
  lines: readonly LedgerLine[];
}

export interface SaleSource extends EntryPlace {
  dining: Keyed;
  employee: Keyed;
  saleLines: readonly SaleLine[];
  taxes: readonly TaxBucket[];
}

export interface PaymentSource extends EntryPlace {
  tender: Keyed;
}

export interface RefundSource extends EntryPlace {
  tender: Keyed;
  dining: Keyed;
  employee: Keyed;
  /** Lines refunded, with their refunded amounts (weights of the returned sales). */
  refundLines: ReadonlyArray<{ line: SaleLine; quantity: number; amount: number }>;
  taxes: readonly TaxBucket[];
}

function placed(src: EntryPlace) {
  const { date, hour } = localDayHour(src.postedAt, src.timeZone);
  return (dimension: Dimension, k: Keyed, figures: Partial<Figures>): RollupDelta => ({
    outletId: src.outletId,
    date,
    dimension,
    key: dimension === 'hour' ? hour : k.key,
    label: dimension === 'hour' ? hour : k.label,
    figures,
  });
}

const DAY: Keyed = { key: '', label: '' };
const HOUR: Keyed = { key: '', label: '' };

/** Splits `total` over weights by largest remainder; all zeros when there is nothing to split over. */
function split(total: number, weights: readonly number[]): number[] {
  return weights.length === 0 ? [] : allocate(total, weights);
}

/** A completed order's sale. */
export function saleDeltas(src: SaleSource): RollupDelta[] {
  const at = placed(src);
  const f = ledgerFigures(src.lines);
  const whole = { ...f, orders: 1 };
  const out = [
    at('day', DAY, whole),
    at('hour', HOUR, whole),
    at('dining', src.dining, whole),
    at('employee', src.employee, whole),
  ];
  const gross = split(
    f.gross,
    src.saleLines.map((l) => l.preTaxGross),
  );
  const discounts = split(
    f.discounts,
    src.saleLines.map((l) => l.discount),
  );
  const counted = new Set<string>();
  src.saleLines.forEach((l, i) => {
    const figures = { quantity: l.quantity, gross: gross[i] ?? 0, discounts: discounts[i] ?? 0 };
    for (const [dimension, k] of [
      ['item', l.item],
      ['variant', l.variant],
      ['category', l.category],
    ] as const) {
      const once = `${dimension}:${k.key}`;
      out.push(at(dimension, k, { ...figures, orders: counted.has(once) ? 0 : 1 }));
      counted.add(once);
    }
    for (const m of l.modifiers) {
      out.push(at('modifier', m, { quantity: l.quantity, gross: m.price * l.quantity }));
    }
  });
  const taxes = split(
    f.tax,
    src.taxes.map((t) => t.amount),
  );
  src.taxes.forEach((t, i) => {
    out.push(at('tax', t, { orders: 1, gross: t.taxableBase, tax: taxes[i] ?? 0 }));
  });
  return out;
}

/** A completed payment: the tender's takings, tips and rounding. */
export function paymentDeltas(src: PaymentSource): RollupDelta[] {
  const at = placed(src);
  const f = ledgerFigures(src.lines);
  return [at('day', DAY, f), at('hour', HOUR, f), at('payment', src.tender, { ...f, orders: 1 })];
}

/** A completed refund, on its own business day: a return (after completion) or a deposit given back. */
export function refundDeltas(src: RefundSource): RollupDelta[] {
  const at = placed(src);
  const f = { ...ledgerFigures(src.lines), refund_count: 1 };
  const out = [
    at('day', DAY, f),
    at('hour', HOUR, f),
    at('dining', src.dining, f),
    at('employee', src.employee, f),
    at('payment', src.tender, f),
  ];
  if (f.returns !== 0 && src.refundLines.length > 0) {
    const returns = split(
      f.returns,
      src.refundLines.map((r) => r.amount),
    );
    src.refundLines.forEach((r, i) => {
      const figures = { returned_quantity: r.quantity, returns: returns[i] ?? 0 };
      out.push(
        at('item', r.line.item, figures),
        at('variant', r.line.variant, figures),
        at('category', r.line.category, figures),
      );
    });
  }
  if (f.tax !== 0 && src.taxes.some((t) => t.amount > 0)) {
    const taxes = split(
      f.tax,
      src.taxes.map((t) => t.amount),
    );
    src.taxes.forEach((t, i) => out.push(at('tax', t, { tax: taxes[i] ?? 0 })));
  }
  return out;
}

/** Adds deltas with the same row key together (one upsert per row per batch). */
export function mergeDeltas(deltas: readonly RollupDelta[]): RollupDelta[] {
  const rows = new Map<string, RollupDelta & { figures: Figures }>();
  for (const d of deltas) {
    const id = `${d.dimension}|${d.date}|${d.outletId}|${d.key}`;
    let row = rows.get(id);
    if (!row) {
      row = { ...d, figures: zeroFigures() };
      rows.set(id, row);
    }
    row.label = d.label;
    for (const [k, v] of Object.entries(d.figures) as Array<[Figure, number]>) {
      row.figures[k] += v;
    }
  }
  return [...rows.values()];
}
