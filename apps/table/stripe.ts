// What Stripe.js does in the customer's browser, and no more: confirm the PaymentIntent the server
// created (its client secret) with the typed card, against the business's Stripe API (the demo's
// simulator, or api.stripe.com) with the publishable key. The card number goes to Stripe only —
// never to Kasir. The payment turns paid by Stripe's signed webhook to the server, not by this answer.
import type { PayResult } from './api.ts';

export interface CardFields {
  number: string;
  expiry: string; // MM/YY
  cvc: string;
}

export type ConfirmOutcome =
  { ok: true; status: string } | { ok: false; code: string; declineCode: string | null; message: string };

export async function confirmCardPayment(
  card: NonNullable<PayResult['card']>,
  fields: CardFields,
): Promise<ConfirmOutcome> {
  const [mm, yy] = fields.expiry.split('/').map((s) => s.trim());
  const intent = card.clientSecret.split('_secret_')[0] ?? '';
  const form = new URLSearchParams({
    key: card.publishableKey,
    client_secret: card.clientSecret,
    'payment_method_data[type]': 'card',
    'payment_method_data[card][number]': fields.number.replace(/\s+/g, ''),
    'payment_method_data[card][exp_month]': mm ?? '',
    'payment_method_data[card][exp_year]': yy ?? '',
    'payment_method_data[card][cvc]': fields.cvc,
  });
  try {
    const res = await fetch(`${card.apiBase}/v1/payment_intents/${encodeURIComponent(intent)}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const json = (await res.json().catch(() => null)) as {
      status?: string;
      error?: { code?: string; decline_code?: string; message?: string };
    } | null;
    if (res.ok) {
      return { ok: true, status: json?.status ?? 'processing' };
    }
    return {
      ok: false,
      code: json?.error?.code ?? 'failed',
      declineCode: json?.error?.decline_code ?? null,
      message: json?.error?.message ?? '',
    };
  } catch {
    return { ok: false, code: 'network', declineCode: null, message: '' };
  }
}
