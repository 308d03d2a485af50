import { GatewayError, GatewayWebhookError, type GatewayName, type IncomingWebhook } from './gateway.ts';

/**
 * Reading gateway answers and notifications, as the four adapters do alike: narrowing parsed JSON,
 * header values, webhook bodies and the error a gateway's HTTP status stands for. What differs per
 * gateway (status words, error bodies, signatures) stays in the adapters.
 */

/** A JSON object as parsed (nothing in it trusted yet). */
export type Json = Record<string, unknown>;

/** A plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string field, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A non-empty string field, or undefined (for gateways that send `""` for "none"). */
export function nonEmptyStr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A finite number field, or undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** One header of a webhook (the first of repeats). */
export function header(headers: IncomingWebhook['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * A webhook body parsed as a JSON object, or `malformed` with `notJson` (unparsable) or
 * `notObject` (a JSON value that is no object; the same message unless given).
 */
export function webhookJson(body: string, notJson: string, notObject = notJson): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new GatewayWebhookError('malformed', notJson);
  }
  if (!isObject(parsed)) {
    throw new GatewayWebhookError('malformed', notObject);
  }
  return parsed;
}

/** A request the adapter refuses before calling the gateway (or that the gateway refused). */
export function invalidRequest(gateway: GatewayName, message: string): GatewayError {
  return new GatewayError(gateway, 'invalid_request', message);
}

/**
 * The kind of error a gateway's 4xx answer stands for, by its HTTP status: `auth` for 401 (and 403
 * where `forbiddenIsAuth`: the gateway means bad keys by it), `not_found` for 404, `unavailable`
 * for 429 (rate limited: retry later), else `invalid_request`. 5xx never gets here (gatewayFetch
 * retries and throws them); gateway-specific readings (declines, "does not exist") are the adapter's.
 */
export function statusKind(status: number, opts: { forbiddenIsAuth: boolean }): GatewayError['kind'] {
  if (status === 401 || (status === 403 && opts.forbiddenIsAuth)) {
    return 'auth';
  }
  return status === 404 ? 'not_found' : status === 429 ? 'unavailable' : 'invalid_request';
}
