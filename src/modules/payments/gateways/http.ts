import { setTimeout as sleep } from 'node:timers/promises';
import { currencyExponent } from '../../../platform/money/currency.ts';
import { createOutbound, outboundRefusal, type Outbound } from '../../../platform/net/outbound.ts';
import { GatewayError, type AdapterOptions, type GatewayName } from './gateway.ts';

export interface GatewayHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** True only when a repeat cannot charge twice (GET, or the gateway honours an idempotency key sent here). */
  idempotent: boolean;
}

export interface GatewayHttpResponse {
  status: number;
  /** Parsed JSON body (null when the body is empty or not JSON). */
  json: unknown;
  /** The body as received, cut to 2,000 characters: for the log only (`GatewayError.upstream`). */
  text: string;
}

const UPSTREAM_MAX = 2_000;

let strict: Outbound | undefined;
/** Adapters built without a policy get a strict one: public addresses only. */
function strictRequest(): Outbound['request'] {
  strict ??= createOutbound();
  return strict.request;
}

/**
 * One gateway call with a timeout per attempt and bounded retries of timeouts, network errors and
 * 5xx — and only when `idempotent` is set. Any 4xx is returned to the adapter to interpret. The
 * call goes through the outbound policy: an address it refuses is a `target_forbidden` error at
 * once (no retry, nothing sent).
 */
export async function gatewayFetch(
  gateway: GatewayName,
  req: GatewayHttpRequest,
  options: AdapterOptions = {},
): Promise<GatewayHttpResponse> {
  const request = options.request ?? strictRequest();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const attempts = 1 + (req.idempotent ? (options.retries ?? 2) : 0);
  let delay = options.retryDelayMs ?? 200;
  let last: GatewayError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      const upstream = text.slice(0, UPSTREAM_MAX);
      if (res.status < 500) {
        return { status: res.status, json, text: upstream };
      }
      last = new GatewayError(
        gateway,
        'unavailable',
        `${gateway} answered HTTP ${res.status}`,
        res.status,
        upstream,
      );
    } catch (err) {
      const refused = outboundRefusal(err);
      if (refused) {
        throw new GatewayError(
          gateway,
          'target_forbidden',
          `${gateway} base URL refused: ${refused.message}`,
        );
      }
      const e = err as Error;
      last =
        e.name === 'TimeoutError'
          ? new GatewayError(gateway, 'timeout', `${gateway} did not answer within ${timeoutMs} ms`)
          : new GatewayError(gateway, 'unavailable', `${gateway} unreachable (${e.message})`);
    }
    if (attempt < attempts) {
      await sleep(delay);
      delay *= 2;
    }
  }
  throw last ?? new GatewayError(gateway, 'unavailable', `${gateway} call failed`);
}

/** HTTP Basic authorization header value. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * Indonesian gateways (Midtrans, Xendit) take whole rupiah, while Kasir keeps IDR in ISO 4217
 * minor units (exponent 2, sen). Converts exactly, refusing an amount with sen in it — a QRIS
 * charge cannot carry them, so the caller must not silently round a customer's bill.
 */
export function toWholeRupiah(gateway: GatewayName, minor: number): number {
  const unit = 10 ** currencyExponent('IDR');
  if (!Number.isSafeInteger(minor) || minor % unit !== 0) {
    throw new GatewayError(
      gateway,
      'invalid_request',
      `${gateway} charges whole rupiah; ${minor} sen is not a whole number of rupiah`,
    );
  }
  return minor / unit;
}

/** Whole rupiah from an Indonesian gateway → IDR minor units. */
export function fromWholeRupiah(rupiah: number): number {
  return rupiah * 10 ** currencyExponent('IDR');
}
