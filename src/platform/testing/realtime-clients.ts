import { io as connect, type Socket } from 'socket.io-client';

/**
 * Real Socket.IO clients for tests: `open` connects with handshake `auth`, records every event
 * (replayed ones arrive before `ready`) and resolves at `ready` or rejects with the refusal code.
 * `closeAll` disconnects every client opened.
 */
export function realtimeClients<Ev>(url: () => string) {
  const sockets: Socket[] = [];
  return {
    open: async (
      auth: Record<string, unknown>,
    ): Promise<{ socket: Socket; events: Ev[]; ready: { seq: string }; atReady: number }> => {
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
      const ready = await new Promise<{ seq: string }>((resolve, reject) => {
        socket.once('ready', resolve);
        socket.once('connect_error', (err: Error & { data?: { code: string } }) =>
          reject(Object.assign(new Error(err.data?.code ?? err.message), { code: err.data?.code })),
        );
      });
      return { socket, events, ready, atReady: events.length };
    },
    closeAll: (): void => {
      sockets.forEach((s) => s.disconnect());
    },
  };
}

/** Polls `check` every 10 ms until it holds; throws after `ms`. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out waiting');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
