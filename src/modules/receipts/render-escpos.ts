import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { COLUMNS, receiptLines, type PaperWidth } from './render-text.ts';
import type { ReceiptDocument } from './receipt-document.ts';

/**
 * ESC/POS bytes for a thermal printer, through `@point-of-sale/receipt-printer-encoder`
 * (docs/DEPENDENCIES.md): initialise, the header bold and centred, the body, a QR code of the
 * hosted receipt link, feed and cut; `kick` opens the cash drawer (pulse on pin 2). Text is
 * encoded in the printer's code page (cp437 default, characters it lacks become `?`).
 */
export function renderEscPos(
  doc: ReceiptDocument,
  paper: PaperWidth,
  o: { kick?: boolean } = {},
): Uint8Array {
  const columns = COLUMNS[paper];
  const { header, body } = receiptLines(doc, columns);
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns, feedBeforeCut: 4 });
  e.initialize().codepage('cp437');
  e.bold(true);
  for (const line of header) {
    e.line(line);
  }
  e.bold(false).newline();
  for (const line of body) {
    e.line(line);
  }
  if (doc.link) {
    e.newline()
      .align('center')
      .qrcode(doc.link, { model: 2, size: paper === 58 ? 4 : 6, errorlevel: 'm' })
      .align('left');
  }
  e.cut('partial');
  if (o.kick) {
    e.pulse(0, 100, 500);
  }
  return e.encode();
}
