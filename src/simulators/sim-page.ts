/**
 * The simulators' demo page ("scan and pay"): served at `GET /` by `simRoutes` (sim-kit.ts), its
 * buttons post to the `/_sim/payments/{ref}/{action}` control routes.
 */

/** One row of the demo page. */
export interface SimPageRow {
  ref: string;
  label: string;
  amount: string;
  status: string;
  /** Inline SVG of the QR, when the payment has one. */
  qrSvg?: string;
  /** Whether the Pay / Fail / Expire buttons are shown (default true). */
  actionable?: boolean;
}

/** A payment as the Stripe and Razorpay simulators list it (`listPayments()`; minor units). */
export interface ListedPayment {
  ref: string;
  status: string;
  amount: number;
  currency: string;
  reference: string;
}

/** Demo page rows for listed payments. */
export function listedRows(payments: readonly ListedPayment[]): SimPageRow[] {
  return payments.map((p) => ({
    ref: p.ref,
    label: p.reference,
    amount: `${p.amount} ${p.currency.toUpperCase()}`,
    status: p.status,
  }));
}

/** Escapes text for HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The "scan and pay" page: every payment, its QR and buttons posting to `/_sim/payments/{ref}/…`. */
export function renderSimPage(title: string, rows: readonly SimPageRow[]): string {
  const items = rows
    .map((r) => {
      const ref = encodeURIComponent(r.ref);
      const buttons =
        r.actionable === false
          ? ''
          : (['pay', 'fail', 'expire'] as const)
              .map(
                (a) =>
                  `<form method="post" action="/_sim/payments/${ref}/${a}?redirect=1"><button>${a.charAt(0).toUpperCase()}${a.slice(1)}</button></form>`,
              )
              .join('');
      return `<li><div class="qr">${r.qrSvg ?? ''}</div><div><b>${escapeHtml(r.label)}</b><br>${escapeHtml(r.amount)}<br>status: <code>${escapeHtml(r.status)}</code><br><small>${escapeHtml(r.ref)}</small><div class="actions">${buttons}</div></div></li>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="refresh" content="5">
<style>body{font-family:system-ui,sans-serif;margin:2rem}ul{list-style:none;padding:0}li{display:flex;gap:1rem;margin:1rem 0;padding:1rem;border:1px solid #ddd;border-radius:8px}.qr svg{width:180px;height:180px}.actions{display:flex;gap:.5rem;margin-top:.5rem}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>Scan-and-pay stand-in: press Pay to complete a payment as the customer would.</p><ul>${items || '<li>No transactions yet.</li>'}</ul></body></html>`;
}
