import { bindRoutes, type AppModule } from '../../platform/module.ts';
import { createReceiptLinks } from './receipt-link.ts';
import { createReceiptMailer } from './receipt-mail.ts';
import { receiptsRoutes } from './receipts.routes.ts';

/** Receipts: the document as text, ESC/POS and HTML, signed hosted links, e-mail. */
export function createReceiptsModule(deps: {
  jwtSecret: string;
  publicUrl?: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  log: { warn(obj: object, msg: string): void };
}) {
  const links = createReceiptLinks(deps.jwtSecret, deps.publicUrl);
  const mailer = createReceiptMailer({ smtpUrl: deps.smtpUrl, from: deps.mailFrom, log: deps.log });
  return {
    name: 'receipts',
    services: { links },
    routes: bindRoutes(receiptsRoutes, { links, mailer }),
    stop: () => mailer.close(),
  } satisfies AppModule;
}
