import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutbound, OutboundRefusedError, outboundRefusal, type Outbound } from './outbound.ts';

// A local HTTP server standing for an internal service: it must never be reached when refused.
let server: Server;
let port: number;
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '/');
    res.writeHead(200, { 'content-type': 'text/plain' }).end('internal');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
const made: Outbound[] = [];
afterAll(async () => {
  await Promise.all(made.map((o) => o.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A policy whose DNS answers come from `answers` (each name's list is consumed in turn). */
function policy(answers: Record<string, string[][]>, allowPrivate = false) {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const queue = answers[host];
    if (!queue || queue.length === 0) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    }
    return queue.length > 1 ? queue.shift()! : queue[0]!;
  };
  const outbound = createOutbound({ allowPrivate, resolve });
  made.push(outbound);
  return { outbound, calls };
}

const GET = { method: 'GET', headers: {} } as const;

async function refusal(p: Promise<unknown>): Promise<OutboundRefusedError | undefined> {
  return p.then(
    () => undefined,
    (err: unknown) => outboundRefusal(err),
  );
}

describe('outbound policy at registration (check)', () => {
  it('refuses loopback, private, link-local (metadata), CGNAT, unique-local, unspecified and multicast hosts', async () => {
    const { outbound } = policy({
      'internal.test': [['10.1.2.3']],
      'mixed.test': [['93.184.215.14', '::1']],
    });
    const refused = [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`, // no answer in the map: see below for the system resolver
      'http://[::1]/',
      'http://10.0.0.5/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://100.64.0.1/',
      'http://[fc00::1]/',
      'http://[fe80::1]/',
      'http://0.0.0.0/',
      'http://224.0.0.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://0x7f000001/',
      'https://internal.test/',
      'https://mixed.test/',
    ];
    for (const url of refused) {
      const err = await refusal(outbound.check(new URL(url)));
      expect(err, url).toBeInstanceOf(OutboundRefusedError);
    }
    expect(await refusal(outbound.check(new URL('https://169.254.169.254/')))).toMatchObject({
      reason: 'forbidden',
      range: 'linkLocal',
    });
    expect(await refusal(outbound.check(new URL('https://nowhere.test/')))).toMatchObject({
      reason: 'unresolvable',
    });
  });

  it('with the system resolver, localhost is refused (it resolves to loopback)', async () => {
    const outbound = createOutbound();
    made.push(outbound);
    expect(await refusal(outbound.check(new URL(`http://localhost:${port}/`)))).toMatchObject({
      reason: 'forbidden',
      range: 'loopback',
    });
  });

  it('accepts a host whose every address is public', async () => {
    const { outbound } = policy({ 'api.gateway.test': [['93.184.215.14', '2606:4700:4700::1111']] });
    await expect(outbound.check(new URL('https://api.gateway.test/v1'))).resolves.toBeUndefined();
    await expect(outbound.check(new URL('https://8.8.8.8/'))).resolves.toBeUndefined();
  });
});

describe('outbound policy at connect time (fetch)', () => {
  it('a name public at registration and loopback at connect time (DNS rebinding) is refused, nothing sent', async () => {
    const { outbound, calls } = policy({ 'rebind.test': [['93.184.215.14'], ['127.0.0.1']] });
    const url = new URL(`http://rebind.test:${port}/rebind`);
    await outbound.check(url); // registration: public
    const err = await refusal(outbound.request(url, { method: 'POST', headers: {}, body: 'x' }));
    expect(err).toMatchObject({ reason: 'forbidden', address: '127.0.0.1', range: 'loopback' });
    expect(calls).toEqual(['rebind.test', 'rebind.test']); // one lookup for the connection
    expect(hits).not.toContain('/rebind');
  });

  it('an IP literal of a private address is refused at connect time too (a URL stored before the check)', async () => {
    const { outbound } = policy({});
    expect(await refusal(outbound.request(`http://127.0.0.1:${port}/literal`, GET))).toMatchObject({
      reason: 'forbidden',
      range: 'loopback',
    });
    expect(await refusal(outbound.request(`http://[::ffff:7f00:1]:${port}/literal`, GET))).toMatchObject({
      reason: 'forbidden',
    });
    expect(hits).not.toContain('/literal');
  });

  it('connects to exactly the address its own lookup gave (pinned): a name only the policy knows', async () => {
    // Private addresses allowed (development) so the local server can stand for "the checked
    // address": the system resolver knows no `pinned.test`, so reaching it proves the connection
    // used the policy's answer, not a second lookup.
    const { outbound, calls } = policy({ 'pinned.test': [['127.0.0.1']] }, true);
    const res = await outbound.request(`http://pinned.test:${port}/pinned`, GET);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('internal');
    expect(hits).toContain('/pinned');
    expect(calls).toEqual(['pinned.test']);
  });

  it('a trusted origin (the demo simulators) passes; the same host on another port does not', async () => {
    const { outbound } = policy({});
    outbound.trustOrigin(`http://127.0.0.1:${port}`);
    await expect(outbound.check(new URL(`http://127.0.0.1:${port}/x`))).resolves.toBeUndefined();
    const res = await outbound.request(`http://127.0.0.1:${port}/trusted`, GET);
    expect(res.status).toBe(200);
    await res.discard();
    expect(hits).toContain('/trusted');
    expect(await refusal(outbound.check(new URL(`http://127.0.0.1:${port + 1}/x`)))).toMatchObject({
      reason: 'forbidden',
    });
    expect(await refusal(outbound.request(`https://127.0.0.1:${port}/other-scheme`, GET))).toMatchObject({
      reason: 'forbidden',
    });
  });
});
