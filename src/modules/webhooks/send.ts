import { performance } from 'node:perf_hooks';
import { deadline } from '../../platform/net/deadline.ts';
import { outboundRefusal, type Outbound } from '../../platform/net/outbound.ts';
import { targetError } from './targets.ts';

/** What one attempt came to. */
export type Outcome =
  | { kind: 'ok'; code: number; latencyMs: number }
  | { kind: 'failed'; code: number | null; latencyMs: number | null; error: string }
  /** Cut off by shutdown: not an attempt; the lease is given back. */
  | { kind: 'aborted' };

export interface DeliveryRequest {
  /** The outbound policy's request: refuses a non-public address at connect time. */
  request: Outbound['request'];
  url: URL;
  body: string;
  headers: Record<string, string>;
  /** The receiver must answer (status line and headers) within this. */
  timeoutMs: number;
  /** Aborted when the node shuts down. */
  shutdown: AbortSignal;
}

/**
 * POSTs one delivery: 2xx is success; any other status, a redirect (never followed), a timeout, a
 * connection error or a target address refused at connect time (`webhooks.target_forbidden`) is a
 * failure. The response body is never read.
 * Latency is wall-clock time to the response headers.
 */
export async function postDelivery(req: DeliveryRequest): Promise<Outcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeout = deadline(req.timeoutMs, req.shutdown);
  try {
    const res = await req.request(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: timeout.signal,
    });
    const latencyMs = elapsed();
    // Drop the body unread so the connection is freed.
    await res.discard().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) {
      return { kind: 'ok', code: res.status, latencyMs };
    }
    const error =
      res.status >= 300 && res.status < 400
        ? `redirect to ${res.header('location') ?? '(no location)'} not followed`
        : `HTTP ${res.status}`;
    return { kind: 'failed', code: res.status, latencyMs, error: error.slice(0, 500) };
  } catch (err) {
    const latencyMs = elapsed();
    if (req.shutdown.aborted) {
      return { kind: 'aborted' };
    }
    const refused = outboundRefusal(err);
    if (refused) {
      const appError = targetError(refused);
      return { kind: 'failed', code: null, latencyMs: null, error: `${appError.code}: ${appError.message}` };
    }
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error =
      e.name === 'TimeoutError'
        ? `timeout: no response within ${req.timeoutMs} ms`
        : `${e.cause?.code ?? e.name}: ${e.cause?.message ?? e.message}`;
    return { kind: 'failed', code: null, latencyMs, error: error.slice(0, 500) };
  } finally {
    timeout.clear();
  }
}
