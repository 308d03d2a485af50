// Public API of the receipts module: one receipt document rendered as text, ESC/POS and HTML.
export { receiptsRoutes } from './receipts.routes.ts';
export { createReceiptLinks, type ReceiptLinks } from './receipt-link.ts';
export { loadReceipt, type ReceiptDocument } from './receipt-document.ts';
export { renderText, COLUMNS, type PaperWidth } from './render-text.ts';
export { renderEscPos } from './render-escpos.ts';
export { renderHtml } from './render-html.ts';
export { createReceiptMailer, type ReceiptMailer } from './receipt-mail.ts';
export { createReceiptsModule } from './receipts.module.ts';
