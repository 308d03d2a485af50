import type { SimRequest, SimResponse } from './sim-kit.ts';
import { noSuch, stripeError } from './stripe-simulator-api.ts';
import type { StripeAccount, StripeIntent } from './stripe-simulator-types.ts';

/**
 * What Stripe.js does in a customer's browser, on the simulator: with the account's publishable
 * key (`key=pk_…` in the form or query, no secret) and the PaymentIntent's client secret, a page may
 * retrieve that one PaymentIntent and confirm it with a card (`payment_method_data[card][number]`
 * …). Nothing else is reachable with a publishable key. Answers carry
 * `Access-Control-Allow-Origin: *`, as Stripe's API does, so a page on another origin reads them.
 */

/** The card numbers Stripe documents for testing → the test payment methods they stand for. */
const TEST_NUMBERS: Record<string, string> = {
  '4242424242424242': 'pm_card_visa',
  '4000000000000002': 'pm_card_chargeDeclined',
  '4000000000009995': 'pm_card_chargeDeclinedInsufficientFunds',
  '5555555555554444': 'pm_card_mastercard',
  '378282246310005': 'pm_card_amex',
};

/** The publishable key a request carries (browser calls), else null (server calls use the secret key). */
export function publishableKeyOf(req: SimRequest): string | null {
  const key = new URLSearchParams(req.body).get('key') ?? req.query.get('key');
  return key?.startsWith('pk_') ? key : null;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

const cardError = (code: string, message: string, param?: string) =>
  stripeError(402, { type: 'card_error', code, message, ...(param ? { param } : {}) });

/** The test payment method a typed card stands for, or the card error Stripe would answer. */
export function cardFromForm(form: URLSearchParams): { pm: string } | { error: SimResponse } {
  const number = (form.get('payment_method_data[card][number]') ?? '').replace(/[\s-]/g, '');
  if (!/^\d+$/.test(number) || !luhnValid(number)) {
    return { error: cardError('incorrect_number', 'Your card number is incorrect.', 'number') };
  }
  const month = Number(form.get('payment_method_data[card][exp_month]'));
  const yearRaw = Number(form.get('payment_method_data[card][exp_year]'));
  const year = yearRaw < 100 ? 2000 + yearRaw : yearRaw;
  const now = new Date();
  if (!(month >= 1 && month <= 12) || year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    return {
      error: cardError('invalid_expiry_month', "Your card's expiration date is invalid.", 'exp_month'),
    };
  }
  if (!/^\d{3,4}$/.test(form.get('payment_method_data[card][cvc]') ?? '')) {
    return { error: cardError('invalid_cvc', "Your card's security code is invalid.", 'cvc') };
  }
  const pm = TEST_NUMBERS[number];
  if (!pm) {
    return {
      error: cardError(
        'card_declined',
        'Your card was declined. Your request was in test mode, but used a non test card.',
      ),
    };
  }
  return { pm };
}

/**
 * A browser's call: retrieve (`GET /v1/payment_intents/{id}`) or confirm
 * (`POST …/{id}/confirm`) one PaymentIntent, proven by its client secret.
 */
export function clientCall(
  req: SimRequest,
  account: StripeAccount | undefined,
  confirm: (account: StripeAccount, pi: StripeIntent, paymentMethod: string) => SimResponse,
): SimResponse {
  const form = new URLSearchParams(req.body);
  const [v1, resource, id, action] = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  if (!account) {
    return stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided.' });
  }
  if (v1 !== 'v1' || resource !== 'payment_intents' || !id) {
    return stripeError(401, {
      type: 'invalid_request_error',
      message: 'This API call cannot be made with a publishable API key.',
    });
  }
  const pi = account.intents.get(id);
  const secret = form.get('client_secret') ?? req.query.get('client_secret');
  if (!pi || secret !== pi.client_secret) {
    return noSuch('payment_intent', id);
  }
  if (req.method === 'GET' && !action) {
    return { status: 200, json: pi };
  }
  if (req.method !== 'POST' || action !== 'confirm') {
    return stripeError(401, {
      type: 'invalid_request_error',
      message: 'This API call cannot be made with a publishable API key.',
    });
  }
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
    return stripeError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`,
    });
  }
  const card = cardFromForm(form);
  return 'error' in card ? card.error : confirm(account, pi, card.pm);
}

/** Stripe's API answers any origin. */
export function withCors(res: SimResponse): SimResponse {
  return { ...res, headers: { ...res.headers, 'access-control-allow-origin': '*' } };
}
