import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { wantsEvent } from './event-types.ts';
import { DEFAULT_RETRY_POLICY, nextAttemptAt, retryDelayMs } from './retry.ts';
import { createSecretBox, newSigningSecret, SecretUnreadableError } from './secret-box.ts';
import { signatureHeader, verifyKasirSignature } from './signature.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('Kasir-Signature', () => {
  const body = '{"id":"e1","type":"order.created","payload":{"total":11665500}}';
  const at = new Date('2026-05-01T10:00:00Z');

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>, as a receiver computes it', () => {
    const header = signatureHeader(body, ['whsec_a'], at);
    const t = at.getTime() / 1000;
    const expected = createHmac('sha256', 'whsec_a').update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(verifyKasirSignature(body, header, ['whsec_a'], 300, at)).toBe(true);
  });

  it('carries one v1 per secret; either verifies', () => {
    const header = signatureHeader(body, ['whsec_new', 'whsec_old'], at);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifyKasirSignature(body, header, ['whsec_old'], 300, at)).toBe(true);
    expect(verifyKasirSignature(body, header, ['whsec_new'], 300, at)).toBe(true);
    expect(verifyKasirSignature(body, header, ['whsec_other', 'whsec_new'], 300, at)).toBe(true);
    expect(verifyKasirSignature(body, header, ['whsec_other'], 300, at)).toBe(false);
  });

  it('rejects stale or future timestamps, changed bodies and malformed headers', () => {
    const header = signatureHeader(body, ['s'], at);
    expect(verifyKasirSignature(body, header, ['s'], 300, at.getTime() + 300_000)).toBe(true);
    expect(verifyKasirSignature(body, header, ['s'], 300, at.getTime() + 301_000)).toBe(false);
    expect(verifyKasirSignature(body, header, ['s'], 300, at.getTime() - 301_000)).toBe(false);
    expect(verifyKasirSignature(body.replace('11665500', '1'), header, ['s'], 300, at)).toBe(false);
    // A different timestamp with the same signature does not verify (the timestamp is signed).
    const shifted = header.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) + 1}`);
    expect(verifyKasirSignature(body, shifted, ['s'], 300, at)).toBe(false);
    for (const bad of [undefined, null, '', 'v1=abc', `t=${at.getTime() / 1000}`, 't=x,v1=00', 'garbage']) {
      expect(verifyKasirSignature(body, bad, ['s'], 300, at)).toBe(false);
    }
    expect(verifyKasirSignature(body, header, [], 300, at)).toBe(false);
  });
});

describe('retry schedule', () => {
  it('doubles from 1 minute to a 1-hour cap (without jitter)', () => {
    const steps = Array.from(
      { length: 9 },
      (_, i) => retryDelayMs(i + 1, DEFAULT_RETRY_POLICY, () => 1) / MIN,
    );
    expect(steps).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('jitters over the whole step (full jitter) with a 1-second floor', () => {
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(2 * MIN);
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(1_000);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(5, DEFAULT_RETRY_POLICY, Math.random);
      expect(d).toBeGreaterThanOrEqual(1_000);
      expect(d).toBeLessThanOrEqual(16 * MIN);
    }
  });

  it('gives up 72 hours after the first attempt', () => {
    const first = new Date('2026-01-01T00:00:00Z');
    let now = first;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const next = nextAttemptAt(attempts, first, now, DEFAULT_RETRY_POLICY, () => 1);
      if (!next) {
        break;
      }
      now = next;
    }
    expect(now.getTime() - first.getTime()).toBeLessThanOrEqual(72 * HOUR);
    expect(now.getTime() - first.getTime()).toBeGreaterThan(71 * HOUR);
    // Attempts at 0, 1, 3, 7, 15, 31 and 63 minutes, then hourly until the window closes: 7 + 70.
    expect(attempts).toBe(77);
  });
});

describe('secret box', () => {
  it('round-trips, is bound to its tenant and endpoint, and names another server secret', () => {
    const box = createSecretBox('server secret one');
    const secret = newSigningSecret();
    const sealed = box.seal(secret, 't1', 'e1');
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.seal(secret, 't1', 'e1')).not.toBe(sealed); // fresh IV each time
    expect(box.open(sealed, 't1', 'e1')).toBe(secret);
    expect(() => box.open(sealed, 't2', 'e1')).toThrow(SecretUnreadableError);
    expect(() => box.open(sealed, 't1', 'e2')).toThrow(/authentication failed/);
    expect(() => createSecretBox('server secret two').open(sealed, 't1', 'e1')).toThrow(
      /sealed with another key/,
    );
    expect(() => box.open('nonsense', 't1', 'e1')).toThrow(/unknown format/);
  });
});

describe('subscriptions', () => {
  it('matches listed types, and every type for *', () => {
    expect(wantsEvent(['order.created'], 'order.created')).toBe(true);
    expect(wantsEvent(['order.created'], 'order.canceled')).toBe(false);
    expect(wantsEvent(['*'], 'anything.new')).toBe(true);
  });
});
