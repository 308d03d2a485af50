import nodemailer from 'nodemailer';
import { AppError } from '../../platform/http/errors.ts';
import { labelsFor } from './labels.ts';
import type { ReceiptDocument } from './receipt-document.ts';
import { renderHtml } from './render-html.ts';
import { renderText } from './render-text.ts';

/**
 * E-mails receipts over SMTP with nodemailer (docs/DEPENDENCIES.md): the 80 mm text as the plain
 * part and the hosted page's HTML as the HTML part. Without an SMTP URL nothing is sent
 * (409 `receipts.email_not_configured`); an SMTP failure is a 502 `receipts.email_failed` (the
 * server's answer goes to the log, never to the client).
 */
const LOGO_CID = 'logo@kasir';

export function createReceiptMailer(o: {
  smtpUrl: string | undefined;
  from: string;
  log?: { warn(obj: object, msg: string): void };
}) {
  const transport = o.smtpUrl ? nodemailer.createTransport(o.smtpUrl) : null;
  return {
    /** `logo`: the outlet's logo bytes, sent inline (cid:) so mail clients show it without fetching. */
    async send(
      doc: ReceiptDocument,
      to: string,
      logo?: { contentType: string; bytes: Buffer } | null,
    ): Promise<{ messageId: string }> {
      if (!transport) {
        throw new AppError(
          'receipts.email_not_configured',
          'This server does not send e-mail (no SMTP server is set).',
        );
      }
      const l = labelsFor(doc.locale);
      const title = doc.number === null ? l.receipt : `${l.receipt} ${doc.number}`;
      try {
        const info = await transport.sendMail({
          from: o.from,
          to,
          subject: `${doc.business.name} — ${title}`,
          text: renderText(doc, 80),
          html: renderHtml(doc, { logoSrc: logo ? `cid:${LOGO_CID}` : null }),
          ...(logo
            ? {
                attachments: [
                  {
                    filename: `logo.${logo.contentType.slice('image/'.length)}`,
                    content: logo.bytes,
                    contentType: logo.contentType,
                    cid: LOGO_CID,
                  },
                ],
              }
            : {}),
        });
        return { messageId: String(info.messageId) };
      } catch (err) {
        o.log?.warn({ err }, 'receipt e-mail failed');
        throw new AppError('receipts.email_failed', 'The e-mail server did not take the receipt; try again.');
      }
    },
    close(): void {
      transport?.close();
    },
  };
}
export type ReceiptMailer = ReturnType<typeof createReceiptMailer>;
