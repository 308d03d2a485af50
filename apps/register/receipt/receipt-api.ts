// How the register gets a receipt onto paper or into an inbox: the outlet's network printer
// through the print queue, else the browser's print dialog on the signed hosted receipt page;
// e-mail through the server's SMTP. All over the public API.
import { ApiError, idem, newIdempotencyKey, staff } from '../../shared/api.ts';

export type PrintOutcome = { via: 'printer'; jobId: string } | { via: 'browser' };

/** Queues the receipt on the outlet's receipt printer; without one, opens the browser's print. */
export async function printReceipt(orderId: string, copy: boolean): Promise<PrintOutcome> {
  try {
    const job = await staff((api) =>
      api.POST('/v1/orders/{id}/receipt/print', {
        params: { path: { id: orderId } },
        body: { copy },
        headers: idem(newIdempotencyKey()),
      }),
    );
    return { via: 'printer', jobId: job.id };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'printers.no_printer') {
      await printInBrowser(orderId, copy);
      return { via: 'browser' };
    }
    throw err;
  }
}

/**
 * The hosted receipt (printable HTML, same origin) in a new window, whose print dialog opens once
 * it has loaded. Its CSP forbids frames, hence a window rather than a hidden iframe.
 */
export async function printInBrowser(orderId: string, copy: boolean): Promise<void> {
  const receipt = await staff((api) =>
    api.GET('/v1/orders/{id}/receipt', { params: { path: { id: orderId }, query: { copy } } }),
  );
  if (!receipt.link) {
    throw new Error('no receipt link');
  }
  const url = new URL(receipt.link, window.location.origin);
  if (copy) {
    url.searchParams.set('copy', 'true');
  }
  const w = window.open(url.pathname + url.search, '_blank');
  if (!w) {
    throw new Error('popup blocked');
  }
  // The window starts as about:blank; print once the receipt itself has loaded (same origin).
  const started = Date.now();
  const timer = setInterval(() => {
    try {
      if (w.closed || Date.now() - started > 30_000) {
        clearInterval(timer);
      } else if (w.location.pathname.startsWith('/receipts/') && w.document.readyState === 'complete') {
        clearInterval(timer);
        w.focus();
        w.print();
      }
    } catch {
      clearInterval(timer); // not readable (another origin): the page has its own print button
    }
  }, 100);
}

/** Sends the receipt to an address (a resend is marked as a copy). */
export async function emailReceipt(orderId: string, to: string, copy: boolean): Promise<void> {
  await staff((api) =>
    api.POST('/v1/orders/{id}/receipt/email', {
      params: { path: { id: orderId } },
      body: { to, copy },
      headers: idem(newIdempotencyKey()),
    }),
  );
}
