import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { retryDelays, type SimBehaviour, type SimNotification } from './simulator.ts';

/**
 * Shared node:http plumbing for the Stripe and Razorpay simulators: a tiny request/response
 * abstraction, the behaviour switches every simulator honours (delays, injected 500s), the
 * notification dispatcher (delays, duplicates, out-of-order, silence) and the demo page.
 */

/** One API request as a simulator handler sees it. */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a handler answers: JSON by default, or an HTML page, or a redirect (demo forms). */
export interface SimResponse {
  status: number;
  json?: unknown;
  html?: string;
  redirect?: string;
  headers?: Record<string, string>;
}

/** A running node:http server bound to 127.0.0.1. */
export interface SimServer {
  url: string;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (port 0 = any free port) that hands every request to `handler`. */
export async function startSimServer(
  port: number,
  handler: (req: SimRequest) => Promise<SimResponse>,
): Promise<SimServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const simReq: SimRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      handler(simReq)
        .catch((err: unknown): SimResponse => ({ status: 500, json: { error: String(err) } }))
        .then((out) => {
          // The client may have given up (timeout tests); writing to a destroyed socket is harmless.
          if (out.redirect) {
            res.writeHead(303, { location: out.redirect, ...out.headers });
            res.end();
          } else if (out.html !== undefined) {
            res.writeHead(out.status, { 'content-type': 'text/html; charset=utf-8', ...out.headers });
            res.end(out.html);
          } else {
            res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
            res.end(out.json === undefined ? '' : JSON.stringify(out.json));
          }
        })
        .catch(() => undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A gateway-looking id: `prefix` + `length` random base62 characters (e.g. `pi_3Pq…`, `order_N8…`). */
export function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) {
    out += BASE62[b % 62];
  }
  return out;
}

/** Seconds since the epoch, as gateways put in `created` / `created_at`. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** The behaviour switches shared by every simulator. */
export class BehaviourState {
  private current: SimBehaviour = {};
  private failuresLeft = 0;

  /** Replaces the behaviour (not merged: `behave({})` resets everything). */
  set(b: SimBehaviour): void {
    this.current = { ...b };
    this.failuresLeft = b.failNextRequests ?? 0;
  }

  get value(): Readonly<SimBehaviour> {
    return this.current;
  }

  /** True when this API request must be answered with a 500 (and counts it). */
  takeFailure(): boolean {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      return true;
    }
    return false;
  }

  async delayResponse(): Promise<void> {
    const ms = this.current.responseDelayMs ?? 0;
    if (ms > 0) {
      await sleep(ms);
    }
  }
}

/**
 * Sends notifications the way a gateway does: to a URL looked up at send time, after the
 * configured delay, with duplicates and reversed order when asked. A notification is built lazily
 * (`() => SimNotification`) so a signature timestamp is taken when it is sent, as Stripe does.
 */
export class Notifier {
  readonly sent: Array<{ notification: SimNotification; status: number }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  /** POSTs one notification; resolves with the HTTP status, or 0 when nothing answered. */
  async deliver(notification: SimNotification): Promise<number> {
    let status: number;
    try {
      const res = await fetch(notification.url, {
        method: 'POST',
        headers: notification.headers,
        body: notification.body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(10_000)]),
      });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = 0;
    }
    this.sent.push({ notification, status });
    return status;
  }

  /**
   * Sends one state change's notifications (oldest first, or newest first with `outOfOrder`).
   * Builders that return null (no webhook URL configured) are skipped.
   */
  async dispatch(
    builders: Array<() => SimNotification | null>,
    behaviour: Readonly<SimBehaviour>,
  ): Promise<void> {
    if (behaviour.silent) {
      return;
    }
    const ordered = behaviour.outOfOrder ? [...builders].reverse() : builders;
    for (const build of ordered) {
      if (this.abort.signal.aborted) {
        return;
      }
      if ((behaviour.notifyDelayMs ?? 0) > 0) {
        try {
          await sleep(behaviour.notifyDelayMs, undefined, { signal: this.abort.signal });
        } catch {
          return;
        }
      }
      const n = build();
      if (!n) {
        continue;
      }
      // Duplicates are identical copies (same event id and signature), as a gateway's retry of a
      // delivery it thinks failed would be.
      for (let copy = 0; copy <= (behaviour.duplicates ?? 0); copy++) {
        await this.deliverWithRetries(n, retryDelays(behaviour));
      }
    }
  }

  /** Delivers, and redelivers on the schedule while the receiver does not answer 2xx. */
  private async deliverWithRetries(n: SimNotification, delays: readonly number[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const status = await this.deliver(n);
      const delay = delays[attempt];
      if ((status >= 200 && status < 300) || delay === undefined || this.abort.signal.aborted) {
        return;
      }
      try {
        await sleep(delay, undefined, { signal: this.abort.signal });
      } catch {
        return;
      }
    }
  }

  /** Runs `work` in the background (API-triggered notifications) and keeps track of it for close(). */
  background(work: () => Promise<void>): void {
    const p = work().catch(() => undefined);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Cancels pending delays and waits for deliveries in progress. */
  async close(): Promise<void> {
    this.abort.abort();
    await Promise.all([...this.inFlight]);
  }
}

/** `/_sim/payments/{ref}/{action}` → its parts. */
export function parseControlRoute(path: string): { ref: string; action: 'pay' | 'fail' | 'expire' } | null {
  const m = /^\/_sim\/payments\/([^/]+)\/(pay|fail|expire)$/.exec(path);
  if (!m?.[1] || !m[2]) {
    return null;
  }
  return { ref: decodeURIComponent(m[1]), action: m[2] as 'pay' | 'fail' | 'expire' };
}

/**
 * Runs a control action and answers: a redirect back to the page for the demo's HTML forms, JSON
 * for scripts and tests.
 */
export async function runControl(
  req: SimRequest,
  run: (ref: string, action: 'pay' | 'fail' | 'expire') => Promise<void>,
): Promise<SimResponse | null> {
  const route = req.method === 'POST' ? parseControlRoute(req.path) : null;
  if (!route) {
    return null;
  }
  const fromForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  try {
    await run(route.ref, route.action);
  } catch (err) {
    return { status: 400, json: { ok: false, error: (err as Error).message } };
  }
  return fromForm ? { status: 303, redirect: '/' } : { status: 200, json: { ok: true, ref: route.ref } };
}

/** One row of the demo page. */
export interface SimPageRow {
  ref: string;
  amount: number;
  currency: string;
  status: string;
  reference: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The "scan and pay" page: every payment with Pay / Fail / Expire buttons posting to /_sim/. */
export function renderSimPage(title: string, rows: SimPageRow[]): string {
  const body = rows
    .map((r) => {
      const ref = encodeURIComponent(r.ref);
      const button = (action: string) =>
        `<form method="post" action="/_sim/payments/${ref}/${action}"><button>${action}</button></form>`;
      return (
        `<tr><td>${escapeHtml(r.ref)}</td><td>${escapeHtml(r.reference)}</td>` +
        `<td>${r.amount} ${escapeHtml(r.currency.toUpperCase())}</td><td>${escapeHtml(r.status)}</td>` +
        `<td>${button('pay')}${button('fail')}${button('expire')}</td></tr>`
      );
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="refresh" content="5">
<style>body{font-family:sans-serif}td{padding:4px 8px}form{display:inline}</style></head>
<body><h1>${escapeHtml(title)}</h1><table><tr><th>ref</th><th>reference</th><th>amount</th><th>status</th><th></th></tr>
${body}
</table></body></html>`;
}
