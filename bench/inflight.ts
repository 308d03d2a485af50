// Counts route handlers still running, through Fastify's documented diagnostics channel.
// autocannon stops at the end of a run by dropping its connections, but the server finishes
// the requests it was handling (an argon2 verification, a transaction): without waiting for
// them, that work would eat into the next run's time. (Subscribing costs Fastify a small context
// object per request.)
import diagnostics from 'node:diagnostics_channel';

interface HandlerStore {
  async?: boolean;
}

export interface HandlerTracker {
  inFlight(): number;
  /**
   * Resolves true once no handler has run for `quietMs` (a dropped request may still be in a
   * hook, before its handler starts), false if that took longer than `timeoutMs`.
   */
  idle(timeoutMs: number, quietMs?: number): Promise<boolean>;
  close(): void;
}

export function trackHandlers(): HandlerTracker {
  const channel = diagnostics.tracingChannel<unknown, HandlerStore>('fastify.request.handler');
  let running = 0;
  const handlers = {
    start: () => {
      running += 1;
    },
    // A handler that returned a promise ends at asyncEnd (fulfilled or rejected), others at end.
    end: (store: HandlerStore) => {
      if (!store.async) {
        running -= 1;
      }
    },
    asyncStart: () => undefined,
    asyncEnd: () => {
      running -= 1;
    },
    error: () => undefined,
  };
  channel.subscribe(handlers);
  return {
    inFlight: () => running,
    async idle(timeoutMs, quietMs = 100) {
      const deadline = Date.now() + timeoutMs;
      let quietSince = Date.now();
      for (;;) {
        const now = Date.now();
        if (running > 0) {
          quietSince = now;
        } else if (now - quietSince >= quietMs) {
          return true;
        }
        if (now > deadline) {
          return false;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () => {
      channel.unsubscribe(handlers);
    },
  };
}
