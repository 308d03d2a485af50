import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import './node-dispatcher-first.ts';
import { Agent, buildConnector, request } from 'undici';

/**
 * The one outbound-address policy for every HTTP request Kasir makes to an address a tenant chose
 * (webhook targets, payment gateway base URLs): such requests must never reach loopback, the
 * private network, link-local (cloud metadata at 169.254.169.254 / fd00:ec2::254), CGNAT,
 * unique-local, unspecified, multicast or reserved addresses — SSRF. Checked twice:
 * - when the URL is registered (`check`: every address the host resolves to must be public), and
 * - when the connection is made (`request` goes through an undici `Agent` whose connector resolves
 *   the host once, refuses any non-public answer, and connects to exactly the addresses it
 *   checked), so a name that answers a public address at registration and 127.0.0.1 later (DNS
 *   rebinding) is refused too.
 * Development may allow private addresses (`KASIR_OUTBOUND_ALLOW_PRIVATE=1`); the demo trusts
 * the origins of its local gateway simulators only.
 */

/** Resolves a host name to every address it has (A and AAAA). */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * The special-purpose range an address belongs to (`ipaddr.js`' IANA tables: `loopback`,
 * `private`, `linkLocal`, `carrierGradeNat`, `uniqueLocal`, `unspecified`, `multicast`,
 * `reserved`, …), or `unicast` for an ordinary public address. IPv4-mapped IPv6 addresses
 * (`::ffff:10.0.0.1`) are judged as the IPv4 address they carry. Unparseable → `invalid`.
 */
export function addressRange(address: string): string {
  try {
    return ipaddr.process(address).range();
  } catch {
    return 'invalid';
  }
}

/** Only ordinary public unicast addresses are acceptable outbound targets. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

/** Why an outbound address was refused: `forbidden` (a non-public address) or `unresolvable`. */
export class OutboundRefusedError extends Error {
  readonly code: 'EOUTBOUNDFORBIDDEN' | 'EOUTBOUNDUNRESOLVABLE';
  constructor(
    readonly reason: 'forbidden' | 'unresolvable',
    readonly host: string,
    message: string,
    readonly address?: string,
    readonly range?: string,
  ) {
    super(message);
    this.name = 'OutboundRefusedError';
    this.code = reason === 'forbidden' ? 'EOUTBOUNDFORBIDDEN' : 'EOUTBOUNDUNRESOLVABLE';
  }
}

export interface OutboundOptions {
  /** Development only: skip the address checks (`KASIR_OUTBOUND_ALLOW_PRIVATE=1`). */
  allowPrivate?: boolean;
  /** DNS (default: the system resolver, every address). Tests inject answers here. */
  resolve?: Resolver;
  /** Bound on one DNS lookup (default 5 s). */
  lookupTimeoutMs?: number;
}

/** One outgoing HTTP request. Redirects are never followed. */
export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | undefined;
  /** Aborts the request (e.g. `AbortSignal.timeout(ms)`: then it rejects with a `TimeoutError`). */
  signal?: AbortSignal | undefined;
}

/** Its answer: status and headers at once; read the body with `text()` or drop it with `discard()`. */
export interface OutboundResponse {
  status: number;
  header(name: string): string | undefined;
  text(): Promise<string>;
  discard(): Promise<void>;
}

/** What the modules use: the registration check and a `request` that checks at connect time. */
export interface Outbound {
  readonly allowPrivate: boolean;
  readonly lookupTimeoutMs: number;
  /** Throws `OutboundRefusedError` unless every address of the URL's host is acceptable. */
  check: (url: URL) => Promise<void>;
  /**
   * Sends a request through the checking, pinning dispatcher (undici `request`: lighter than
   * `fetch`). A refused address rejects with `OutboundRefusedError`.
   */
  request: (url: string | URL, req: OutboundRequest) => Promise<OutboundResponse>;
  /**
   * Accepts this origin (scheme, host, port) whatever its address: the demo's local gateway
   * simulators. Never driven by a request.
   */
  trustOrigin: (origin: string) => void;
  close: () => Promise<void>;
}

const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80');
const originKey = (protocol: string, hostname: string, port: string) =>
  `${protocol}//${bare(hostname).toLowerCase()}:${port || defaultPort(protocol)}`;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Refuses the first non-public address of a host's answer. */
function assertPublic(host: string, addresses: readonly string[]): void {
  for (const address of addresses) {
    const range = addressRange(address);
    if (range !== 'unicast') {
      throw new OutboundRefusedError(
        'forbidden',
        host,
        `${host} resolves to a non-public address (${range})`,
        address,
        range,
      );
    }
  }
}

/** Creates the policy with its own connection pool; `close()` it with the app. */
export function createOutbound(options: OutboundOptions = {}): Outbound {
  const allowPrivate = options.allowPrivate ?? false;
  const resolve = options.resolve ?? systemResolver;
  const lookupTimeoutMs = options.lookupTimeoutMs ?? 5_000;
  const trusted = new Set<string>();

  /** Every address of a host (an IP literal is its own answer). */
  async function addressesOf(host: string): Promise<string[]> {
    if (isIP(host)) {
      return [host];
    }
    let addresses: string[];
    try {
      addresses = await withTimeout(resolve(host), lookupTimeoutMs, 'DNS lookup');
    } catch (err) {
      const reason = (err as { code?: string }).code ?? (err as Error).message;
      throw new OutboundRefusedError('unresolvable', host, `${host} could not be resolved (${reason})`);
    }
    if (addresses.length === 0) {
      throw new OutboundRefusedError('unresolvable', host, `${host} has no addresses`);
    }
    return addresses;
  }

  /** Every address of a host, all of which must be public. */
  async function publicAddresses(host: string): Promise<string[]> {
    const addresses = await addressesOf(host);
    assertPublic(host, addresses);
    return addresses;
  }

  // net.connect calls this instead of dns.lookup: one resolution (through `resolve`), checked when
  // `check` says so, and the socket connects to the very addresses that passed (all of them for
  // Happy Eyeballs, or the first).
  const lookupWith =
    (find: (host: string) => Promise<string[]>): LookupFunction =>
    (hostname, opts, callback) => {
      find(hostname).then(
        (addresses) => {
          const entries: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
          if (opts.all) {
            callback(null, entries);
          } else {
            callback(null, entries[0]!.address, entries[0]!.family);
          }
        },
        (err: unknown) => callback(err as NodeJS.ErrnoException, ''),
      );
    };
  const checked = buildConnector({ lookup: lookupWith(publicAddresses) });
  const unchecked = buildConnector({ lookup: lookupWith(addressesOf) });
  const dispatcher = new Agent({
    connect: (opts, callback) => {
      if (allowPrivate || trusted.has(originKey(opts.protocol, opts.hostname, opts.port))) {
        unchecked(opts, callback);
        return;
      }
      // An IP literal never reaches the lookup: judge it here.
      const host = bare(opts.hostname);
      if (isIP(host)) {
        try {
          assertPublic(host, [host]);
        } catch (err) {
          callback(err as Error, null);
          return;
        }
      }
      checked(opts, callback);
    },
  });

  return {
    allowPrivate,
    lookupTimeoutMs,
    async check(url) {
      if (allowPrivate || trusted.has(originKey(url.protocol, url.hostname, url.port))) {
        return;
      }
      await publicAddresses(bare(url.hostname));
    },
    async request(url, req) {
      const res = await request(url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        dispatcher,
      });
      return {
        status: res.statusCode,
        header: (name) => {
          const v = res.headers[name.toLowerCase()];
          return Array.isArray(v) ? v[0] : v;
        },
        text: () => res.body.text(),
        discard: () => res.body.dump(),
      };
    },
    trustOrigin(origin) {
      const u = new URL(origin);
      trusted.add(originKey(u.protocol, u.hostname, u.port));
    },
    close: () => dispatcher.close(),
  };
}

/** The refusal behind a failed request, if that is why it failed. */
export function outboundRefusal(err: unknown): OutboundRefusedError | undefined {
  const cause = (err as { cause?: unknown } | null)?.cause;
  return err instanceof OutboundRefusedError
    ? err
    : cause instanceof OutboundRefusedError
      ? cause
      : undefined;
}
