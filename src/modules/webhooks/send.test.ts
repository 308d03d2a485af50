// A receiver that hangs is cut off at the timeout even when garbage collection runs meanwhile: on
// Node 20, `AbortSignal.any([AbortSignal.timeout(ms), …])` can lose its timeout to a collection
// (nodejs/node#57736), and the attempt then waits forever, holding its delivery.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutbound, type Outbound } from '../../platform/net/outbound.ts';
import { postDelivery } from './send.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: Server;
let url: URL;
let outbound: Outbound;

beforeAll(async () => {
  server = createServer(() => undefined); // never answers
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
  outbound = createOutbound({ allowPrivate: true });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await outbound.close();
});

describe('postDelivery', () => {
  it('cuts off a hanging receiver at the timeout while garbage is collected, every time', async () => {
    const collecting = setInterval(gc, 5);
    try {
      for (let i = 0; i < 5; i++) {
        const shutdown = new AbortController();
        const outcome = await Promise.race([
          postDelivery({
            request: outbound.request,
            url,
            body: '{}',
            headers: { 'content-type': 'application/json' },
            timeoutMs: 100,
            shutdown: shutdown.signal,
          }),
          new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3_000)),
        ]);
        expect(outcome).toMatchObject({
          kind: 'failed',
          code: null,
          error: 'timeout: no response within 100 ms',
        });
      }
    } finally {
      clearInterval(collecting);
    }
  });

  it('gives the attempt back (aborted) when the node shuts down mid-request', async () => {
    const shutdown = new AbortController();
    const pending = postDelivery({
      request: outbound.request,
      url,
      body: '{}',
      headers: {},
      timeoutMs: 10_000,
      shutdown: shutdown.signal,
    });
    setTimeout(() => shutdown.abort(), 50);
    expect(await pending).toEqual({ kind: 'aborted' });
  });
});
