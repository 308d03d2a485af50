type LabelKey =
  | 'receipt'
  | 'creditNote'
  | 'copy'
  | 'order'
  | 'date'
  | 'subtotal'
  | 'discounts'
  | 'serviceCharge'
  | 'tax'
  | 'included'
  | 'total'
  | 'tendered'
  | 'change'
  | 'tip'
  | 'rounding'
  | 'refunded'
  | 'thanks'
  | 'notCompleted'
  | 'cash'
  | 'card'
  | 'taxId';
export type Labels = Readonly<Record<LabelKey, string>>;

/** Receipt labels in the tenant's language (Indonesian and English; others fall back to English). */
const LABELS: Record<'en' | 'id', Labels> = {
  en: {
    receipt: 'Receipt',
    creditNote: 'Credit note',
    copy: '*** COPY ***',
    order: 'Order',
    date: 'Date',
    subtotal: 'Subtotal',
    discounts: 'Discounts',
    serviceCharge: 'Service charge',
    tax: 'Tax',
    included: 'incl.',
    total: 'Total',
    tendered: 'Tendered',
    change: 'Change',
    tip: 'Tip',
    rounding: 'Rounding',
    refunded: 'Refunded',
    thanks: 'Thank you',
    notCompleted: 'Not a receipt: the order is not completed',
    cash: 'Cash',
    card: 'Card',
    taxId: 'Tax ID',
  },
  id: {
    receipt: 'Struk',
    creditNote: 'Nota kredit',
    copy: '*** SALINAN ***',
    order: 'Pesanan',
    date: 'Tanggal',
    subtotal: 'Subtotal',
    discounts: 'Diskon',
    serviceCharge: 'Biaya layanan',
    tax: 'Pajak',
    included: 'termasuk',
    total: 'Total',
    tendered: 'Tunai diterima',
    change: 'Kembalian',
    tip: 'Tip',
    rounding: 'Pembulatan',
    refunded: 'Dikembalikan',
    thanks: 'Terima kasih',
    notCompleted: 'Bukan struk: pesanan belum selesai',
    cash: 'Tunai',
    card: 'Kartu',
    taxId: 'NPWP',
  },
};

export function labelsFor(locale: string): Labels {
  return locale.toLowerCase().startsWith('id') ? LABELS.id : LABELS.en;
}

/** `2026-12-03 21:27` in the outlet's time zone. */
export function localDateTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** A tax line's label: its name, the rate unless the name already says it, and "included". */
export function taxLabel(t: { name: string; ratePpm: number; inclusive: boolean }, included: string): string {
  const rate = `${t.ratePpm / 10_000}%`;
  return `${t.name}${t.name.includes(rate) ? '' : ` ${rate}`}${t.inclusive ? ` (${included})` : ''}`;
}
