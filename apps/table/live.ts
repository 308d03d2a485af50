// Live tracking: one Socket.IO connection per customer token (the handshake's `customerToken`
// joins only that order's room; docs/EVENTS.md). Each `changed` — and each (re)connect, which
// may have missed some — calls `onChange`, and the page re-reads the tracking route: the events
// carry no body, the route decides what the customer sees. socket.io-client is a chunk of its own.
import type { Socket } from 'socket.io-client';

export function followOrders(tokens: string[], onChange: () => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sockets: Socket[] = [];
  // A burst (accept = several events) is one re-read.
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => !stopped && onChange(), 150);
  };
  void import('socket.io-client').then(({ io }) => {
    if (stopped) {
      return;
    }
    for (const customerToken of tokens) {
      const socket = io({
        path: '/realtime',
        auth: { customerToken },
        transports: ['websocket'],
        reconnectionDelay: 1000,
        reconnectionDelayMax: 15_000,
      });
      socket.on('ready', changed);
      socket.on('changed', changed);
      sockets.push(socket);
    }
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
    sockets.forEach((s) => s.disconnect());
  };
}
