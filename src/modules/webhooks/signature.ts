import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries a delivery's signature. */
export const SIGNATURE_HEADER = 'Kasir-Signature';

function hmac(secret: string, payload: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

function signedPayload(t: number, rawBody: string | Buffer): Buffer {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return Buffer.concat([Buffer.from(`${t}.`, 'utf8'), body]);
}

/**
 * `Kasir-Signature` value for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
 * with one `v1` per secret (the current one first; during a rotation the previous one too).
 */
export function signatureHeader(rawBody: string | Buffer, secrets: readonly string[], at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const payload = signedPayload(t, rawBody);
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmac(s, payload).toString('hex')}`)].join(',');
}

/**
 * For receivers (and our tests): true when `header` (the `Kasir-Signature` value) carries a `v1`
 * signature of exactly `rawBody` made with one of `secrets`, and its timestamp is within
 * `toleranceSeconds` of `now` (either side). Pass the raw request body, byte for byte: a body
 * parsed and re-serialised will not verify. Comparison is constant-time.
 */
export function verifyKasirSignature(
  rawBody: string | Buffer,
  header: string | null | undefined,
  secrets: readonly string[],
  toleranceSeconds = 300,
  now: Date | number = Date.now(),
): boolean {
  if (!header || secrets.length === 0) {
    return false;
  }
  let t: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^[0-9]{1,12}$/.test(value)) {
      t = Number(value);
    } else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) {
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (t === undefined || signatures.length === 0) {
    return false;
  }
  const nowSeconds = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) {
    return false;
  }
  const payload = signedPayload(t, rawBody);
  return secrets.some((secret) => {
    const expected = hmac(secret, payload);
    return signatures.some((sig) => timingSafeEqual(sig, expected));
  });
}
