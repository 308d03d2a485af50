import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '../../platform/http/errors.ts';

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

/** Only ordinary public unicast addresses are acceptable webhook targets. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

/** Parses and checks the shape of a target URL: http(s), a host, no credentials, no fragment. */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('webhooks.url_invalid', 'The URL is not a valid absolute URL.', { field: 'url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('webhooks.url_invalid', 'Only http and https URLs can receive webhooks.', {
      field: 'url',
    });
  }
  if (url.username || url.password || url.hash || !url.hostname) {
    throw new AppError('webhooks.url_invalid', 'The URL must have a host and no credentials or fragment.', {
      field: 'url',
    });
  }
  return url;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface TargetPolicy {
  /** Development only (config `allowPrivateWebhookTargets`): skip the address check. */
  allowPrivate: boolean;
  resolve: Resolver;
  /** Bound on the DNS lookup. */
  lookupTimeoutMs?: number;
}

/**
 * Refuses a target whose host is, or resolves to, any non-public address (loopback, RFC 1918,
 * link-local, CGNAT, unique-local IPv6, unspecified, multicast, reserved, …): every address the
 * name has must be public, since the HTTP client may pick any of them. Checked when an endpoint is
 * registered or changed and again before every attempt (DNS may change in between).
 * Throws `webhooks.target_forbidden` or `webhooks.target_unresolvable` (both 422).
 */
export async function assertTargetAllowed(url: URL, policy: TargetPolicy): Promise<void> {
  if (policy.allowPrivate) {
    return;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await withTimeout(policy.resolve(host), policy.lookupTimeoutMs ?? 5_000, 'DNS lookup');
    } catch (err) {
      throw new AppError('webhooks.target_unresolvable', `The host ${host} could not be resolved.`, {
        field: 'url',
        reason: (err as { code?: string }).code ?? (err as Error).message,
      });
    }
    if (addresses.length === 0) {
      throw new AppError('webhooks.target_unresolvable', `The host ${host} has no addresses.`, {
        field: 'url',
      });
    }
  }
  for (const address of addresses) {
    const range = addressRange(address);
    if (range !== 'unicast') {
      throw new AppError(
        'webhooks.target_forbidden',
        `Webhooks cannot target ${host}: it resolves to a non-public address (${range}).`,
        { field: 'url', address, range },
      );
    }
  }
}
