import { AppError } from '../../platform/http/errors.ts';
import { OutboundRefusedError, type Outbound } from '../../platform/net/outbound.ts';

// The address policy itself is the platform's (shared with payment gateway base URLs).
export { addressRange, isPublicAddress, systemResolver, type Resolver } from '../../platform/net/outbound.ts';

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

/** `webhooks.target_forbidden` / `webhooks.target_unresolvable` for an outbound refusal. */
export function targetError(err: OutboundRefusedError): AppError {
  return err.reason === 'forbidden'
    ? new AppError('webhooks.target_forbidden', `Webhooks cannot target ${err.message}.`, {
        field: 'url',
        address: err.address,
        range: err.range,
      })
    : new AppError('webhooks.target_unresolvable', `The host ${err.message}.`, { field: 'url' });
}

/**
 * Refuses a target whose host is, or resolves to, any non-public address (loopback, RFC 1918,
 * link-local, CGNAT, unique-local IPv6, unspecified, multicast, reserved, …): every address the
 * name has must be public, since the HTTP client may pick any of them. Checked when an endpoint is
 * registered or changed; every delivery is checked again when it connects (`Outbound.fetch`).
 * Throws `webhooks.target_forbidden` or `webhooks.target_unresolvable` (both 422).
 */
export async function assertTargetAllowed(url: URL, outbound: Outbound): Promise<void> {
  try {
    await outbound.check(url);
  } catch (err) {
    throw err instanceof OutboundRefusedError ? targetError(err) : err;
  }
}
