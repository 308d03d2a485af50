import { currencyExponent } from '../../platform/money/currency.ts';
import { labelsFor, localDateTime, taxLabel, type Labels } from './labels.ts';
import type { ReceiptDocument } from './receipt-document.ts';

/** Paper widths in characters: 58 mm rolls print 32 columns, 80 mm rolls 48. */
export const COLUMNS = { 58: 32, 80: 48 } as const;
export type PaperWidth = keyof typeof COLUMNS;

/**
 * An amount in the tenant's way (`Rp27.159`, `$12.50`): Intl with the currency's ISO exponent,
 * trailing zero fractions dropped only where the currency has a minor unit that is all zeros.
 */
export function formatAmount(amount: number, currency: string, locale: string): string {
  const exp = currencyExponent(currency);
  const whole = amount % 10 ** exp === 0;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: whole && currency === 'IDR' ? 0 : exp,
    maximumFractionDigits: exp,
  })
    .format(amount / 10 ** exp)
    .replace(/\u00a0/g, ' ');
}

/** Left text and right text on one line of `width`; a long left side wraps above. */
export function twoColumns(left: string, right: string, width: number): string[] {
  const room = width - right.length - 1;
  if (room < 1) {
    return [...wrap(left, width), right.padStart(width)];
  }
  const indent = /^ */.exec(left)![0].slice(0, Math.max(0, room - 1));
  const wrapped = wrap(left, room - indent.length).map((l) => indent + l);
  const last = wrapped.pop() ?? '';
  return [...wrapped, `${last.padEnd(room)} ${right}`];
}

/** Word-wraps text to `width` columns (words longer than a line are cut). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > width) {
      if (line) {
        out.push(line);
        line = '';
      }
      out.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!line) {
      line = w;
    } else if (line.length + 1 + w.length <= width) {
      line += ` ${w}`;
    } else {
      out.push(line);
      line = w;
    }
  }
  if (line || out.length === 0) {
    out.push(line);
  }
  return out;
}

/** The lines of a tenant's multi-line text (none when unset). */
const textLines = (text: string | null) => (text ? text.split(/\r?\n/).filter((x) => x.trim()) : []);

const center = (text: string, width: number) =>
  wrap(text, width).map((l) => ' '.repeat(Math.max(0, Math.floor((width - l.length) / 2))) + l);

const tenderName = (method: string, l: Labels) =>
  method === 'cash' ? l.cash : method === 'card' ? l.card : method.toUpperCase();

/** The receipt as lines of at most `columns` characters (the text and ESC/POS renderings share it). */
export function receiptLines(doc: ReceiptDocument, columns: number): { header: string[]; body: string[] } {
  const l = labelsFor(doc.locale);
  const money = (n: number) => formatAmount(n, doc.currency, doc.locale);
  const rule = '-'.repeat(columns);
  const header = [
    ...center(doc.business.name, columns),
    ...center(doc.business.outlet, columns),
    ...(doc.business.address ? center(doc.business.address, columns) : []),
    ...(doc.business.taxId ? center(`${l.taxId}: ${doc.business.taxId}`, columns) : []),
    ...textLines(doc.business.header).flatMap((x) => center(x, columns)),
  ];
  const body: string[] = [];
  if (doc.copy) {
    body.push(...center(l.copy, columns));
  }
  body.push(
    ...(doc.number === null
      ? center(l.notCompleted, columns)
      : twoColumns(doc.kind === 'receipt' ? l.receipt : l.creditNote, `No. ${doc.number}`, columns)),
    ...twoColumns(l.order, `#${doc.orderNumber} ${doc.businessDate}`, columns),
    ...twoColumns(l.date, localDateTime(doc.issuedAt, doc.timeZone), columns),
    rule,
  );
  for (const line of doc.lines) {
    body.push(...twoColumns(`${line.quantity} x ${line.name}`, money(line.total), columns));
    for (const m of line.modifiers) {
      body.push(...wrap(`+ ${m}`, columns - 2).map((x) => `  ${x}`));
    }
  }
  body.push(rule, ...twoColumns(l.subtotal, money(doc.subtotal), columns));
  if (doc.discounts) {
    body.push(...twoColumns(l.discounts, `-${money(doc.discounts)}`, columns));
  }
  if (doc.serviceCharge) {
    body.push(...twoColumns(l.serviceCharge, money(doc.serviceCharge), columns));
  }
  for (const t of doc.taxes) {
    body.push(...twoColumns(taxLabel(t, l.included), money(t.amount), columns));
  }
  body.push(...twoColumns(l.total.toUpperCase(), money(doc.total), columns), rule);
  for (const p of doc.payments) {
    body.push(...twoColumns(tenderName(p.method, l), money(p.amount + p.tip + p.rounding), columns));
    if (p.rounding) {
      body.push(...twoColumns(`  ${l.rounding}`, money(p.rounding), columns));
    }
    if (p.tip) {
      body.push(...twoColumns(`  ${l.tip}`, money(p.tip), columns));
    }
    if (p.tendered !== null) {
      body.push(...twoColumns(`  ${l.tendered}`, money(p.tendered), columns));
      body.push(...twoColumns(`  ${l.change}`, money(p.change ?? 0), columns));
    }
  }
  for (const r of doc.refunds) {
    const note = r.creditNoteNumber === null ? '' : ` (${l.creditNote} ${r.creditNoteNumber})`;
    body.push(...twoColumns(`${l.refunded}${note}`, `-${money(r.amount)}`, columns));
  }
  body.push(
    '',
    ...textLines(doc.business.footer).flatMap((x) => center(x, columns)),
    ...center(l.thanks, columns),
  );
  return { header, body };
}

/** Plain text for a 58 mm (32 columns) or 80 mm (48 columns) printer, or a text e-mail. */
export function renderText(doc: ReceiptDocument, paper: PaperWidth): string {
  const { header, body } = receiptLines(doc, COLUMNS[paper]);
  return (
    [...header, '', ...body, ...(doc.link ? ['', ...wrap(doc.link, COLUMNS[paper])] : [])].join('\n') + '\n'
  );
}
