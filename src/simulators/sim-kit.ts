import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { retryDelays, type SimBehaviour, type SimNotification } from './simulator.ts';

/**
 * Shared plumbing of the Midtrans and Xendit simulators: a node:http server with the behaviour
 * knobs every simulator has (response delay, injected 500s), a notifier that honours the
 * notification knobs, EMVCo QRIS payloads and a small HTML page. No gateway knowledge here.
 */

/** One parsed request handed to a simulator's router. */
export interface SimRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** What a router answers: JSON (the default), or raw bytes with a content type. */
export type SimResponse =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; body: string | Buffer; contentType: string; headers?: Record<string, string> };

export type SimRouter = (req: SimRequest) => Promise<SimResponse>;

/** Paths under this prefix are the simulator's own controls: never delayed nor failed on purpose. */
const CONTROL_PREFIX = '/_sim/';

/** A running simulator HTTP server. */
export interface SimServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts a node:http server on 127.0.0.1 that applies `behaviour()`'s `responseDelayMs` and
 * `failNextRequests` to gateway API calls (not to `/_sim/…` or `GET /`), then calls `router`.
 */
export async function startSimServer(
  port: number,
  behaviour: () => SimBehaviour,
  router: SimRouter,
): Promise<SimServer> {
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        writeResponse(res, { status: 500, json: { error: String(err) } });
      } else {
        res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const parsed = new URL(req.url ?? '/', 'http://sim.local');
    const isApi = !parsed.pathname.startsWith(CONTROL_PREFIX) && parsed.pathname !== '/';
    const b = behaviour();
    if (isApi && b.responseDelayMs) {
      await sleep(b.responseDelayMs);
    }
    if (isApi && b.failNextRequests && b.failNextRequests > 0) {
      // Mutates the caller's behaviour object on purpose: the count is "the next N requests".
      b.failNextRequests -= 1;
      writeResponse(res, { status: 500, json: { status_code: '500', message: 'Simulated server error' } });
      return;
    }
    const out = await router({
      method: req.method ?? 'GET',
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: req.headers,
      body,
    });
    writeResponse(res, out);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function writeResponse(res: ServerResponse, out: SimResponse): void {
  const headers = { ...(out.headers ?? {}) };
  if ('json' in out) {
    res.writeHead(out.status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(out.json));
  } else {
    res.writeHead(out.status, { 'content-type': out.contentType, ...headers });
    res.end(out.body);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A JSON body as a plain object, or null when it is not one. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
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
export function headerValue(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Sends notifications as a gateway does: each after `notifyDelayMs`, plus `duplicates` identical
 * copies, none when `silent`. Records every attempt in `sent` with the status received (0 when
 * the receiver could not be reached). Deliveries still running are awaited by `drain()`.
 */
export class SimNotifier {
  readonly sent: Array<{ notification: SimNotification; status: number }> = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly behaviour: () => SimBehaviour) {}

  /** POSTs once, records and resolves with the HTTP status (0 on a network error). */
  async deliver(notification: SimNotification): Promise<number> {
    let status: number;
    try {
      const res = await fetch(notification.url, {
        method: 'POST',
        headers: notification.headers,
        body: notification.body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = 0;
    }
    this.sent.push({ notification, status });
    return status;
  }

  /** Delivers, and redelivers on the schedule while the receiver does not answer 2xx. */
  private async deliverWithRetries(n: SimNotification, delays: readonly number[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const status = await this.deliver(n);
      const delay = delays[attempt];
      if ((status >= 200 && status < 300) || delay === undefined) {
        return;
      }
      await sleep(delay);
    }
  }

  /** Sends `notifications` in order, honouring the behaviour; resolves when all were attempted. */
  async send(notifications: readonly SimNotification[]): Promise<void> {
    const b = this.behaviour();
    if (b.silent) {
      return;
    }
    const run = (async () => {
      for (const n of notifications) {
        for (let copy = 0; copy <= (b.duplicates ?? 0); copy++) {
          if (b.notifyDelayMs) {
            await sleep(b.notifyDelayMs);
          }
          await this.deliverWithRetries(n, retryDelays(b));
        }
      }
    })();
    this.inFlight.add(run);
    try {
      await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  /** Starts `send` without waiting (notifications that follow an API response). */
  sendInBackground(notifications: readonly SimNotification[]): void {
    void this.send(notifications);
  }

  /** Waits for deliveries still running (used by `close()`). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo merchant-presented QR codes use. */
export function crc16Ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function tlv(id: string, value: string): string {
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/**
 * A dynamic QRIS payload in the EMVCo merchant-presented format: payload format, dynamic point of
 * initiation, the acquirer's merchant account template (26), the national QRIS template (51), MCC,
 * IDR currency (360), the amount, country, merchant name and city, a reference label in the
 * additional data (62) and the CRC trailer `6304XXXX`. Looks and scans like the real thing.
 */
export function qrisPayload(opts: {
  acquirerGuid: string;
  merchantPan: string;
  merchantId: string;
  merchantName: string;
  city: string;
  amount: number;
  reference: string;
}): string {
  const body =
    tlv('00', '01') +
    tlv('01', '12') +
    tlv(
      '26',
      tlv('00', opts.acquirerGuid) +
        tlv('01', opts.merchantPan) +
        tlv('02', opts.merchantId) +
        tlv('03', 'UMI'),
    ) +
    tlv(
      '51',
      tlv('00', 'ID.CO.QRIS.WWW') + tlv('02', `ID${opts.merchantPan.slice(-13)}`) + tlv('03', 'UMI'),
    ) +
    tlv('52', '5812') +
    tlv('53', '360') +
    tlv('54', String(opts.amount)) +
    tlv('58', 'ID') +
    tlv('59', opts.merchantName.slice(0, 25)) +
    tlv('60', opts.city.slice(0, 15)) +
    tlv('61', '10110') +
    tlv('62', tlv('05', opts.reference.replace(/-/g, '').slice(0, 25))) +
    '6304';
  return body + crc16Ccitt(body);
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One row of the simulator's demo page. */
export interface SimPageRow {
  ref: string;
  label: string;
  amount: string;
  status: string;
  /** Inline SVG of the QR, when the payment has one. */
  qrSvg?: string;
  /** Whether the Pay / Fail / Expire buttons make sense in this state. */
  actionable: boolean;
}

/** The demo page: every transaction with its QR and buttons posting to `/_sim/payments/{ref}/…`. */
export function renderSimPage(title: string, rows: readonly SimPageRow[]): string {
  const items = rows
    .map((r) => {
      const ref = encodeURIComponent(r.ref);
      const buttons = r.actionable
        ? ['pay', 'fail', 'expire']
            .map(
              (a) =>
                `<form method="post" action="/_sim/payments/${ref}/${a}?redirect=1"><button>${a[0]!.toUpperCase()}${a.slice(1)}</button></form>`,
            )
            .join('')
        : '';
      return `<li><div class="qr">${r.qrSvg ?? ''}</div><div><b>${escapeHtml(r.label)}</b><br>${escapeHtml(r.amount)}<br>status: <code>${escapeHtml(r.status)}</code><br><small>${escapeHtml(r.ref)}</small><div class="actions">${buttons}</div></div></li>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="refresh" content="5">
<style>body{font-family:system-ui,sans-serif;margin:2rem}ul{list-style:none;padding:0}li{display:flex;gap:1rem;margin:1rem 0;padding:1rem;border:1px solid #ddd;border-radius:8px}.qr svg{width:180px;height:180px}.actions{display:flex;gap:.5rem;margin-top:.5rem}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>Scan-and-pay stand-in: press Pay to complete a payment as the customer would.</p><ul>${items || '<li>No transactions yet.</li>'}</ul></body></html>`;
}
