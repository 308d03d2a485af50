import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { deadline } from '../platform/net/deadline.ts';
import { renderSimPage, type SimPageRow } from './sim-page.ts';
import { retryDelays, type GatewaySimulator, type SimBehaviour, type SimNotification } from './simulator.ts';

/**
 * The plumbing every gateway simulator shares, and no gateway knowledge: a node:http server with a
 * small request/response shape, the behaviour switches (delays, injected 500s), the notification
 * sender (delays, duplicates, out-of-order, silence, redelivery), the `GET /` demo page with its
 * `/_sim/` control routes (the page itself: sim-page.ts), and request helpers. QRIS: qris.ts.
 */

/** One request as a simulator sees it. */
export interface SimRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text. */
  body: string;
}

/** What a simulator answers: `json` (the default), or `body` with its `contentType` (HTML, images). */
export interface SimResponse {
  status: number;
  json?: unknown;
  body?: string | Buffer;
  contentType?: string;
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
      handler({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
        .catch((err: unknown): SimResponse => ({ status: 500, json: { error: String(err) } }))
        // The client may have given up (timeout tests); a destroyed socket is no matter.
        .then((out) => writeResponse(res, out))
        .catch(() => res.destroy());
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

function writeResponse(res: ServerResponse, out: SimResponse): void {
  if (out.body !== undefined) {
    res.writeHead(out.status, {
      ...(out.contentType ? { 'content-type': out.contentType } : {}),
      ...out.headers,
    });
    res.end(out.body);
  } else {
    res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
    res.end(out.json === undefined ? '' : JSON.stringify(out.json));
  }
}

/** A JSON body as a plain object, or null when it is not one. */
export function parseJsonObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The user name of an HTTP Basic `authorization` header (the password is ignored), or null. */
export function basicAuthUser(header: string | undefined): string | null {
  if (!header?.startsWith('Basic ')) {
    return null;
  }
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(0, colon);
}

/** A single header value (first of repeats). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A gateway-looking id: `prefix` + `length` random base62 characters (e.g. `pi_3Pq…`, `order_N8…`). */
export function randomId(prefix: string, length: number): string {
  let out = prefix;
  for (const b of randomBytes(length)) {
    out += BASE62[b % 62];
  }
  return out;
}

/** Seconds since the epoch, as gateways put in `created` / `created_at`. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** The behaviour switches (`GatewaySimulator.behave`) as every simulator keeps them. */
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

  /** An API call: `failure` when a 500 is due (decided on arrival), else `next()`; both after the delay. */
  async guard(failure: SimResponse, next: () => SimResponse | Promise<SimResponse>): Promise<SimResponse> {
    const failing = this.takeFailure();
    await this.delayResponse();
    return failing ? failure : next();
  }
}

/** A notification, or one built when it is sent (a signature timestamp taken then; null = no URL). */
export type Outgoing = SimNotification | (() => SimNotification | null);

/**
 * Where the simulators' notifications differ. `outOfOrder`: `reverse` sends a batch newest first,
 * `simulator` leaves it to the simulator (which holds notifications back). `delay`: `notifyDelayMs`
 * once per notification, or before every copy. `onClose`: `cancel` stops waits, redeliveries and
 * requests in progress; `finish` lets everything queued be attempted first.
 */
export interface NotifierStyle {
  outOfOrder: 'reverse' | 'simulator';
  delay: 'once' | 'per-copy';
  onClose: 'cancel' | 'finish';
}

/** Stripe and Razorpay (events signed when sent). */
export const EVENT_NOTIFIER: NotifierStyle = { outOfOrder: 'reverse', delay: 'once', onClose: 'cancel' };
/** Midtrans and Xendit. */
export const CALLBACK_NOTIFIER: NotifierStyle = {
  outOfOrder: 'simulator',
  delay: 'per-copy',
  onClose: 'finish',
};

/**
 * Sends notifications as a gateway does, honouring the behaviour (`silent`, `notifyDelayMs`,
 * `duplicates` as identical copies, `outOfOrder`) and redelivering on `retryDelays` while the
 * receiver does not answer 2xx. Every attempt is recorded in `sent` (status 0: nothing answered).
 */
export class Notifier {
  readonly sent: Array<{ notification: SimNotification; status: number }> = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly behaviour: BehaviourState,
    private readonly style: NotifierStyle,
  ) {}

  /** POSTs one notification; resolves with the HTTP status, or 0 when nothing answered. */
  async deliver(notification: SimNotification): Promise<number> {
    const timeout = deadline(10_000, this.abort.signal);
    const { url, headers, body } = notification;
    const status = await fetch(url, { method: 'POST', headers, body, signal: timeout.signal })
      .then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      })
      .catch(() => 0)
      .finally(timeout.clear);
    this.sent.push({ notification, status });
    return status;
  }

  /** Sends one state change's notifications (oldest first); resolves when all were attempted. */
  send(list: readonly Outgoing[]): Promise<void> {
    const b = this.behaviour.value;
    if (b.silent) {
      return Promise.resolve();
    }
    const ordered = b.outOfOrder && this.style.outOfOrder === 'reverse' ? [...list].reverse() : list;
    return this.track(this.run(ordered, b));
  }

  /** `send` without waiting (notifications that follow an API answer). */
  sendLater(list: readonly Outgoing[]): void {
    if (list.length > 0) {
      void this.send(list);
    }
  }

  /** Runs `work` in the background and keeps track of it for close(). */
  background(work: () => Promise<void>): void {
    void this.track(work());
  }

  /** Runs `work` after `ms` unless close() comes first (state changes that happen later). */
  later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  /** Drops `later` work, then stops (`cancel`) or waits for (`finish`) what is still being sent. */
  async close(): Promise<void> {
    this.timers.forEach((t) => clearTimeout(t));
    if (this.style.onClose === 'cancel') {
      this.abort.abort();
    }
    await Promise.all([...this.inFlight]);
  }

  private track(work: Promise<void>): Promise<void> {
    const p = work.catch(() => undefined);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  private async run(list: readonly Outgoing[], b: Readonly<SimBehaviour>): Promise<void> {
    const delay = b.notifyDelayMs ?? 0;
    const perCopy = this.style.delay === 'per-copy';
    for (const item of list) {
      if (this.abort.signal.aborted || (!perCopy && delay > 0 && !(await this.wait(delay)))) {
        return;
      }
      const n = typeof item === 'function' ? item() : item;
      for (let copy = 0; n && copy <= (b.duplicates ?? 0); copy++) {
        if (perCopy && delay > 0 && !(await this.wait(delay))) {
          return;
        }
        await this.deliverWithRetries(n, retryDelays(b));
      }
    }
  }

  /** Delivers, and redelivers on the schedule while the receiver does not answer 2xx. */
  private async deliverWithRetries(n: SimNotification, delays: readonly number[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const status = await this.deliver(n);
      const delay = delays[attempt];
      if ((status >= 200 && status < 300) || delay === undefined || !(await this.wait(delay))) {
        return;
      }
    }
  }

  /** Waits `ms`; false when close() cancelled the wait (or had already). */
  private async wait(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.abort.signal });
      return true;
    } catch {
      return false;
    }
  }
}

/** The members every simulator implements alike (spread into the simulator). */
export function simBasics(
  behaviour: BehaviourState,
  notifier: Notifier,
  server: SimServer,
): Pick<GatewaySimulator, 'behave' | 'deliver' | 'sent' | 'close'> {
  return {
    behave: (b) => behaviour.set(b),
    deliver: (n) => notifier.deliver(n),
    sent: notifier.sent,
    close: async () => {
      await notifier.close();
      await server.close();
    },
  };
}

export type SimAction = 'pay' | 'fail' | 'expire';

/** How a simulator answers a control route (the default: `{ ok, ref }`, or 400 `{ ok: false, error }`). */
export interface ControlAnswers {
  ok(ref: string): SimResponse;
  failed(message: string): SimResponse;
}

const JSON_ANSWERS: ControlAnswers = {
  ok: (ref) => ({ status: 200, json: { ok: true, ref } }),
  failed: (message) => ({ status: 400, json: { ok: false, error: message } }),
};

/** `POST /_sim/payments/{ref}/{action}` → its parts; `redirect` for the demo page's forms. */
export function parseControlRoute(
  req: SimRequest,
): { ref: string; action: SimAction; redirect: boolean } | null {
  const m = req.method === 'POST' ? /^\/_sim\/payments\/([^/]+)\/(pay|fail|expire)$/.exec(req.path) : null;
  if (!m?.[1] || !m[2]) {
    return null;
  }
  const fromForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return {
    ref: decodeURIComponent(m[1]),
    action: m[2] as SimAction,
    redirect: fromForm || req.query.has('redirect'),
  };
}

/**
 * The routes every simulator serves around its gateway API: `GET /` the demo page, and the control
 * routes, which run `control` and answer with a redirect back to the page for its forms, else JSON
 * (`answers`). Everything else goes to `api`.
 */
export function simRoutes(h: {
  title: string;
  rows: () => SimPageRow[] | Promise<SimPageRow[]>;
  control: (ref: string, action: SimAction) => Promise<void>;
  answers?: ControlAnswers;
  api: (req: SimRequest) => Promise<SimResponse>;
}): (req: SimRequest) => Promise<SimResponse> {
  return async (req) => {
    if (req.method === 'GET' && req.path === '/') {
      return {
        status: 200,
        body: renderSimPage(h.title, await h.rows()),
        contentType: 'text/html; charset=utf-8',
      };
    }
    const route = parseControlRoute(req);
    if (!route) {
      return h.api(req);
    }
    const answers = h.answers ?? JSON_ANSWERS;
    try {
      await h.control(route.ref, route.action);
    } catch (err) {
      return answers.failed((err as Error).message);
    }
    return route.redirect ? { status: 303, body: '', headers: { location: '/' } } : answers.ok(route.ref);
  };
}
