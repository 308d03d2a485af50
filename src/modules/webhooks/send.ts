import { performance } from 'node:perf_hooks';

/** What one attempt came to. */
export type Outcome =
  | { kind: 'ok'; code: number; latencyMs: number }
  | { kind: 'failed'; code: number | null; latencyMs: number | null; error: string }
  /** Cut off by shutdown: not an attempt; the lease is given back. */
  | { kind: 'aborted' };

export interface DeliveryRequest {
  url: URL;
  body: string;
  headers: Record<string, string>;
  /** The receiver must answer (status line and headers) within this. */
  timeoutMs: number;
  /** Aborted when the node shuts down. */
  shutdown: AbortSignal;
}

/**
 * POSTs one delivery with Node's fetch: 2xx is success; any other status, a redirect (never
 * followed), a timeout or a connection error is a failure. The response body is never read.
 * Latency is wall-clock time to the response headers.
 */
export async function postDelivery(req: DeliveryRequest): Promise<Outcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(req.timeoutMs), req.shutdown]),
    });
    const latencyMs = elapsed();
    // Drop the body unread so the connection is freed.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) {
      return { kind: 'ok', code: res.status, latencyMs };
    }
    const error =
      res.status >= 300 && res.status < 400
        ? `redirect to ${res.headers.get('location') ?? '(no location)'} not followed`
        : `HTTP ${res.status}`;
    return { kind: 'failed', code: res.status, latencyMs, error: error.slice(0, 500) };
  } catch (err) {
    const latencyMs = elapsed();
    if (req.shutdown.aborted) {
      return { kind: 'aborted' };
    }
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error =
      e.name === 'TimeoutError'
        ? `timeout: no response within ${req.timeoutMs} ms`
        : `${e.cause?.code ?? e.name}: ${e.cause?.message ?? e.message}`;
    return { kind: 'failed', code: null, latencyMs, error: error.slice(0, 500) };
  }
}
