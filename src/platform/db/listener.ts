import pg from 'pg';

/**
 * A LISTEN connection of its own (a `pg.Client`, not a pooled one: a pooled connection goes back
 * to the pool between queries and would stop hearing the channel). When it is lost — an error, the
 * server ending it — `onDown` runs and it connects again after a second, until `stop`. A failed
 * first connection also retries, and `start` rejects with its error so the caller can say so.
 * Realtime, the webhook worker and the per-node caches each hold one.
 */
export function createListener(deps: {
  databaseUrl: string;
  channel: string;
  /** The connection's `application_name` (pg_stat_activity). */
  name: string;
  log: { warn(obj: object, msg: string): void };
  /** Logged (warn) when the connection is lost. */
  lostMessage: string;
  onNotification: (payload: string) => void;
  /** After LISTEN succeeded (first time and every reconnection). */
  onUp?: () => void;
  onDown?: () => void;
}) {
  let client: pg.Client | undefined;
  let listening = false;
  let stopped = true;

  function lost(which: pg.Client, err: unknown): void {
    if (client !== which) {
      return;
    }
    client = undefined;
    listening = false;
    deps.onDown?.();
    if (!stopped) {
      deps.log.warn({ err }, deps.lostMessage);
      setTimeout(() => void connect().catch(() => undefined), 1000).unref();
    }
  }

  async function connect(): Promise<void> {
    if (stopped || client) {
      return;
    }
    const c = new pg.Client({ connectionString: deps.databaseUrl, application_name: deps.name });
    client = c;
    c.on('notification', (msg) => {
      if (msg.channel === deps.channel && msg.payload) {
        deps.onNotification(msg.payload);
      }
    });
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c, new Error('connection ended')));
    try {
      await c.connect();
      await c.query(`LISTEN ${deps.channel}`);
    } catch (err) {
      lost(c, err);
      await c.end().catch(() => undefined);
      throw err;
    }
    if (client === c && !stopped) {
      listening = true;
      deps.onUp?.();
    }
  }

  return {
    /** True while the connection is up and listening. */
    up: () => listening,
    async start(): Promise<void> {
      if (!stopped) {
        return;
      }
      stopped = false;
      await connect();
    },
    async stop(): Promise<void> {
      stopped = true;
      listening = false;
      const c = client;
      client = undefined;
      if (c) {
        deps.onDown?.();
      }
      await c?.end().catch(() => undefined);
    },
  };
}

export type Listener = ReturnType<typeof createListener>;
