import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One notification as it arrived: the exact bytes, for signature checks. */
export interface Received {
  path?: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

/**
 * A webhook receiver on 127.0.0.1 for the adapter tests: records what the simulators send and
 * answers 200. `url` ends with `path`.
 */
export async function startReceiver(path = '') {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(200).end('OK');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    /** Waits until `n` notifications have arrived in all; throws after `ms`. */
    async waitFor(n: number, ms = 3000): Promise<void> {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) {
          throw new Error(`expected ${n} notifications, got ${received.length}`);
        }
        await sleep(5);
      }
    },
    /** Waits (up to 2 s) for `count` notifications mentioning `text` (and sent to `toPath`); returns them. */
    async waitForMatching(count: number, text: string, toPath?: string): Promise<Received[]> {
      const matching = () =>
        received.filter((r) => r.rawBody.includes(text) && (!toPath || r.path === toPath));
      for (let i = 0; i < 200 && matching().length < count; i++) {
        await sleep(10);
      }
      return matching();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
