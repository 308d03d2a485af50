import type { BehaviourState, SimRequest, SimResponse } from './sim-kit.ts';
import type { StripeAccount, StripeErrorBody } from './stripe-simulator-types.ts';

/**
 * The Stripe simulator's request plumbing: error bodies as Stripe writes them, form helpers, and
 * the wrapper every API call goes through (injected failures, delay, Bearer auth, Idempotency-Key).
 */

/** A Stripe error answer: `{ error: { type, code, message, … } }`. */
export function stripeError(status: number, error: StripeErrorBody): SimResponse {
  return { status, json: { error } };
}

/** 400 `parameter_missing`, as Stripe answers a missing or unusable required parameter. */
export function missing(param: string): SimResponse {
  return stripeError(400, {
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param,
    message: `Missing required param: ${param}.`,
  });
}

/** 404 `resource_missing` (objects of other accounts are missing too). */
export function noSuch(kind: string, id: string): SimResponse {
  return stripeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
  });
}

/** `metadata[k]=v` pairs of a form. */
export function metadataOf(form: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) {
    const m = /^metadata\[(.+)\]$/.exec(k);
    if (m?.[1]) {
      out[m[1]] = v;
    }
  }
  return out;
}

/** A form value as a positive integer (amounts), else null. */
export function positiveInt(v: string | null): number | null {
  return v !== null && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : null;
}

/**
 * Authentication, injected failures, delays and Idempotency-Key handling around `route`. A delay
 * holds the *answer*, not the work: like a slow network after Stripe executed the request, so a
 * client that times out and retries with the same key gets the stored result, not a second charge.
 */
export async function stripeApiCall(
  req: SimRequest,
  accounts: ReadonlyMap<string, StripeAccount>,
  behaviour: BehaviourState,
  route: (account: StripeAccount, req: SimRequest) => SimResponse,
): Promise<{ res: SimResponse; replayed: boolean }> {
  const failing = behaviour.takeFailure();
  const result = executeCall(req, accounts, failing, route);
  await behaviour.delayResponse();
  return result;
}

function executeCall(
  req: SimRequest,
  accounts: ReadonlyMap<string, StripeAccount>,
  failing: boolean,
  route: (account: StripeAccount, req: SimRequest) => SimResponse,
): { res: SimResponse; replayed: boolean } {
  if (failing) {
    return {
      res: stripeError(500, { type: 'api_error', message: 'An unknown error occurred (simulated).' }),
      replayed: false,
    };
  }
  const auth = req.headers.authorization ?? '';
  const key = auth.startsWith('Bearer ')
    ? auth.slice(7)
    : auth.startsWith('Basic ')
      ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0]
      : undefined;
  const account = key ? accounts.get(key) : undefined;
  if (!account) {
    const message = key
      ? `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`
      : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";
    return { res: stripeError(401, { type: 'invalid_request_error', message }), replayed: false };
  }
  const idemKey = req.method === 'POST' ? req.headers['idempotency-key'] : undefined;
  if (typeof idemKey !== 'string') {
    return { res: route(account, req), replayed: false };
  }
  // Stripe compares the parameters, not the bytes: sort them so field order does not matter.
  const fingerprint = `${req.path}?${[...new URLSearchParams(req.body)]
    .map((p) => p.join('='))
    .sort()
    .join('&')}`;
  const stored = account.idempotency.get(idemKey);
  if (stored) {
    if (stored.fingerprint !== fingerprint) {
      return {
        res: stripeError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
        }),
        replayed: false,
      };
    }
    return {
      res: { status: stored.status, json: stored.json, headers: { 'idempotent-replayed': 'true' } },
      replayed: true,
    };
  }
  const res = route(account, req);
  // Stripe saves the result once execution started; parameter validation failures are not saved.
  const validationFailure = res.status === 400 && JSON.stringify(res.json).includes('"parameter_missing"');
  if (!validationFailure) {
    account.idempotency.set(idemKey, { fingerprint, status: res.status, json: structuredClone(res.json) });
  }
  return { res, replayed: false };
}
