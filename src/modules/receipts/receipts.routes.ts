import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/http/errors.ts';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import { assertOutletAccess } from '../identity/index.ts';
import { findImageBytes } from '../media/index.ts';
import { loadReceipt } from './receipt-document.ts';
import type { ReceiptLinks } from './receipt-link.ts';
import type { ReceiptMailer } from './receipt-mail.ts';
import * as c from './receipts.contracts.ts';
import { renderEscPos } from './render-escpos.ts';
import { renderHtml } from './render-html.ts';
import { renderText } from './render-text.ts';

/** The hosted page may print itself (an inline handler) and show the logo (same origin), nothing else. */
const HOSTED_CSP =
  "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src-attr 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Receipts of orders: the document, plain text, ESC/POS bytes, and the signed hosted page. */
export const receiptsRoutes: FastifyPluginAsyncTypebox<{
  links: ReceiptLinks;
  mailer: ReceiptMailer;
}> = async (app, { links, mailer }) => {
  const tags = ['receipts'];
  const config = { permission: 'orders:read' } as const;

  async function load(
    req: { server: { db: Parameters<typeof loadReceipt>[0] } },
    ctx: ReturnType<typeof serviceContext>,
    id: string,
    copy: boolean,
  ) {
    const doc = await loadReceipt(req.server.db, ctx.tenantId, id, {
      copy,
      link: links.linkFor(ctx.tenantId, id),
    });
    assertOutletAccess(ctx, doc.outletId);
    const { outletId: _outlet, ...receipt } = doc;
    return receipt;
  }

  app.get(
    '/v1/orders/:id/receipt',
    {
      schema: {
        tags,
        operationId: 'getOrderReceipt',
        summary: "An order's receipt document",
        description:
          'The receipt of an order as data: official number (once completed), lines, totals, taxes per rate, payments with tendered and change, refunds with credit-note numbers, and the signed link to the hosted printable page. `copy` marks a reprint.',
        params: IdParams,
        querystring: c.ReceiptQuery,
        response: { 200: c.ReceiptSchema, ...errorResponses },
      },
      config,
    },
    async (req) => load(req, serviceContext(req), req.params.id, req.query.copy ?? false),
  );

  app.get(
    '/v1/orders/:id/receipt.txt',
    {
      schema: {
        tags,
        operationId: 'getOrderReceiptText',
        summary: "An order's receipt as plain text for 58 or 80 mm paper",
        description: 'The receipt as plain text, 32 columns (58 mm) or 48 columns (80 mm, the default).',
        params: IdParams,
        querystring: c.PrintQuery,
        produces: ['text/plain'],
        response: { 200: c.ReceiptFile('text'), ...errorResponses },
      },
      config,
    },
    async (req, reply) => {
      const doc = await load(req, serviceContext(req), req.params.id, req.query.copy ?? false);
      return reply
        .type('text/plain; charset=utf-8')
        .send(renderText(doc, req.query.paper === '58' ? 58 : 80));
    },
  );

  app.get(
    '/v1/orders/:id/receipt.escpos',
    {
      schema: {
        tags,
        operationId: 'getOrderReceiptEscPos',
        summary: "An order's receipt as ESC/POS bytes for a thermal printer",
        description:
          'ESC/POS commands: the receipt in the printer code page, a QR code of the hosted receipt, a partial cut, and with `kick` a drawer-kick pulse. Send the bytes to the printer (raw TCP 9100).',
        params: IdParams,
        querystring: c.PrintQuery,
        produces: ['application/octet-stream'],
        response: { 200: c.ReceiptFile('escpos'), ...errorResponses },
      },
      config,
    },
    async (req, reply) => {
      const doc = await load(req, serviceContext(req), req.params.id, req.query.copy ?? false);
      const bytes = renderEscPos(doc, req.query.paper === '58' ? 58 : 80, { kick: req.query.kick ?? false });
      return reply.type('application/octet-stream').send(Buffer.from(bytes));
    },
  );

  app.post(
    '/v1/orders/:id/receipt/email',
    {
      schema: {
        tags,
        operationId: 'sendOrderReceiptEmail',
        summary: "E-mail an order's receipt",
        description:
          "Sends the receipt (plain text and HTML, with the hosted link) to the address over the server's SMTP server. 409 `receipts.email_not_configured` when the server sends no e-mail; 502 `receipts.email_failed` when the SMTP server refuses it. Audited.",
        params: IdParams,
        body: c.EmailReceiptBody,
        response: { 200: c.EmailedReceiptSchema, ...errorResponses },
      },
      config,
    },
    async (req, reply) =>
      runMutation(req, reply, async (_tx, ctx) => {
        const doc = await load(req, ctx, req.params.id, req.body.copy ?? false);
        const logo = doc.business.logoImageId
          ? await findImageBytes(req.server.db, ctx.tenantId, doc.business.logoImageId)
          : undefined;
        const sent = await mailer.send(
          doc,
          req.body.to,
          logo ? { contentType: logo.content_type, bytes: logo.bytes } : null,
        );
        ctx.audit({
          action: 'receipt.emailed',
          targetType: 'order',
          targetId: req.params.id,
          after: { number: doc.number, copy: doc.copy },
        });
        return { to: req.body.to, messageId: sent.messageId };
      }),
  );

  app.get(
    '/receipts/:tenantId/:orderId',
    {
      schema: {
        tags,
        operationId: 'getHostedReceipt',
        summary: 'The hosted, printable receipt behind a signed link',
        description:
          'The receipt as a printable HTML page, for the customer who scanned its QR code or got the link, and for the register printing from the browser (`copy` marks a reprint). The signature is the credential: a wrong one is a 404, as is an unknown order.',
        params: c.HostedReceiptParams,
        querystring: c.HostedReceiptQuery,
        produces: ['text/html'],
        response: { 200: c.ReceiptFile('html'), ...errorResponses },
      },
      config: { auth: 'public' },
    },
    async (req, reply) => {
      const { tenantId, orderId } = req.params;
      if (!links.verify(tenantId, orderId, req.query.sig)) {
        throw new AppError('receipts.not_found', 'No such receipt.');
      }
      const { outletId: _outlet, ...doc } = await loadReceipt(req.server.db, tenantId, orderId, {
        copy: req.query.copy ?? false,
        link: null,
      });
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', HOSTED_CSP)
        .header('cache-control', 'private, max-age=60')
        .header('referrer-policy', 'no-referrer')
        .send(renderHtml(doc));
    },
  );
};
