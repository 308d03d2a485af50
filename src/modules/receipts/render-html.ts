import { labelsFor, localDateTime, taxLabel } from './labels.ts';
import type { ReceiptDocument } from './receipt-document.ts';
import { formatAmount } from './render-text.ts';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const paragraphs = (text: string | null) =>
  text
    ? text
        .split(/\r?\n/)
        .filter((x) => x.trim())
        .map((x) => `<p>${escape(x)}</p>`)
        .join('')
    : '';

/**
 * The hosted, printable receipt: one self-contained HTML page (inline CSS sized like an 80 mm roll,
 * a print button that calls the browser's print dialog; no scripts from elsewhere).
 */
export function renderHtml(doc: ReceiptDocument, o: { logoSrc?: string | null } = {}): string {
  const l = labelsFor(doc.locale);
  // The logo: its served path on the hosted page, an inline attachment (cid:) in an e-mail.
  const logo = o.logoSrc === undefined ? doc.business.logoUrl : o.logoSrc;
  const money = (n: number) => escape(formatAmount(n, doc.currency, doc.locale));
  const row = (left: string, right: string, cls = '') =>
    `<tr${cls ? ` class="${cls}"` : ''}><td>${left}</td><td class="r">${right}</td></tr>`;
  const rows: string[] = [];
  for (const line of doc.lines) {
    rows.push(row(`${line.quantity} × ${escape(line.name)}`, money(line.total)));
    for (const m of line.modifiers) {
      rows.push(row(`&nbsp;&nbsp;+ ${escape(m)}`, ''));
    }
  }
  rows.push(row(l.subtotal, money(doc.subtotal), 'sep'));
  if (doc.discounts) {
    rows.push(row(l.discounts, `-${money(doc.discounts)}`));
  }
  if (doc.serviceCharge) {
    rows.push(row(l.serviceCharge, money(doc.serviceCharge)));
  }
  for (const t of doc.taxes) {
    rows.push(row(escape(taxLabel(t, l.included)), money(t.amount)));
  }
  rows.push(row(`<strong>${l.total}</strong>`, `<strong>${money(doc.total)}</strong>`, 'sep'));
  for (const p of doc.payments) {
    rows.push(
      row(
        escape(p.method === 'cash' ? l.cash : p.method === 'card' ? l.card : p.method.toUpperCase()),
        money(p.amount + p.tip + p.rounding),
      ),
    );
    if (p.tendered !== null) {
      rows.push(
        row(`&nbsp;&nbsp;${l.tendered}`, money(p.tendered)),
        row(`&nbsp;&nbsp;${l.change}`, money(p.change ?? 0)),
      );
    }
  }
  for (const r of doc.refunds) {
    rows.push(
      row(
        `${l.refunded}${r.creditNoteNumber === null ? '' : ` (${l.creditNote} ${r.creditNoteNumber})`}`,
        `-${money(r.amount)}`,
      ),
    );
  }
  const title = doc.number === null ? l.notCompleted : `${l.receipt} ${doc.number}`;
  return `<!doctype html>
<html lang="${escape(doc.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(doc.business.name)} — ${escape(title)}</title>
<style>body{font-family:ui-monospace,Menlo,Consolas,monospace;max-width:80mm;margin:1em auto;padding:0 4mm;color:#000}
h1{font-size:1.1em;text-align:center;margin:.2em 0}p{text-align:center;margin:.2em 0}table{width:100%;border-collapse:collapse}
td{padding:.1em 0;vertical-align:top}.r{text-align:right;white-space:nowrap}.sep td{border-top:1px dashed #000}
.copy{font-weight:bold;text-align:center}@media print{button{display:none}}</style></head>
<body><main>
${logo ? `<p class="logo"><img src="${escape(logo)}" alt="${escape(doc.business.name)}" style="max-width:60%;max-height:30mm"></p>` : ''}<h1>${escape(doc.business.name)}</h1><p>${escape(doc.business.outlet)}</p>${doc.business.address ? `<p>${escape(doc.business.address)}</p>` : ''}
${doc.business.taxId ? `<p>${l.taxId}: ${escape(doc.business.taxId)}</p>` : ''}${paragraphs(doc.business.header)}
${doc.copy ? `<p class="copy">${escape(l.copy)}</p>` : ''}<p>${escape(title)}</p>
<p>${l.order} #${doc.orderNumber}</p><p>${escape(localDateTime(doc.issuedAt, doc.timeZone))}</p>
<table>${rows.join('')}</table>
${paragraphs(doc.business.footer)}<p>${l.thanks}</p>
<p><button type="button" onclick="window.print()">Print</button></p>
</main></body></html>
`;
}
