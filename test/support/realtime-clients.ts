import { io as connect, type Socket } from 'socket.io-client';

/** What a test client saw of the end of its session. */
export interface ClientEnd {
  /** `session_ended` from the server (`reason`, `message`), if it came. */
  sessionEnded: { reason: string; message: string } | null;
  /** The Socket.IO disconnect reason, once disconnected. */
  disconnected: string | null;
}

/**
 * Real Socket.IO clients for tests: `open` connects with handshake `auth`, records every event
 * (replayed ones arrive before `ready`) and resolves at `ready` or rejects with the refusal code
 * (and `details`). `end` records how the session ended. `closeAll` disconnects every client opened.
 */
export function realtimeClients<Ev>(url: () => string) {
  const sockets: Socket[] = [];
  return {
    open: async (
      auth: Record<string, unknown>,
    ): Promise<{
      socket: Socket;
      events: Ev[];
      ready: { seq: string; expiresAt?: string | null };
      atReady: number;
      end: ClientEnd;
    }> => {
      const socket = connect(url(), {
        path: '/realtime',
        auth,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      const events: Ev[] = [];
      socket.on('event', (e: Ev) => events.push(e));
      const end: ClientEnd = { sessionEnded: null, disconnected: null };
      socket.on('session_ended', (e: { reason: string; message: string }) => {
        end.sessionEnded = e;
      });
      socket.on('disconnect', (reason) => {
        end.disconnected = reason;
      });
      const ready = await new Promise<{ seq: string; expiresAt?: string | null }>((resolve, reject) => {
        socket.once('ready', resolve);
        socket.once('connect_error', (err: Error & { data?: { code: string; details?: unknown } }) =>
          reject(
            Object.assign(new Error(err.data?.code ?? err.message), {
              code: err.data?.code,
              details: err.data?.details,
            }),
          ),
        );
      });
      return { socket, events, ready, atReady: events.length, end };
    },
    closeAll: (): void => {
      sockets.forEach((s) => s.disconnect());
    },
  };
}

/**
 * Polls `check` every 10 ms until it holds; throws after `ms`. A bound on waiting, not a latency
 * check (those are benchmarks): generous, because the suite runs two files at a time beside
 * browsers on two cores, where one delivery once took over 5 s.
 */
export async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out waiting');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
