// Realtime for the apps (protocol: docs/EVENTS.md). Socket.IO at /realtime; the handshake carries
// a fresh token and the last `seq` this device saw (persisted), so after a reload or a dropped
// connection the server first replays every missed event, then live ones. Reconnects with
// exponential back-off and jitter; an expired token is refreshed before the next attempt;
// stop() ends it cleanly (logout).
import { io, type Socket } from 'socket.io-client';

export interface KasirEvent {
  seq: string;
  id: string;
  type: string;
  topic: string;
  outletId: string | null;
  registerId: string | null;
  orderId: string | null;
  occurredAt: string;
  payload: Record<string, unknown>;
}
export type RealtimeStatus = 'connecting' | 'live' | 'offline';

export interface RealtimeOptions {
  /** Server origin; default: this page's. */
  url?: string;
  /** A valid credential for the handshake (refresh it here when needed). */
  token: () => Promise<string>;
  /** Where the last seen seq is kept (per tenant), e.g. `kasir.seq.<tenantId>`. */
  seqKey: string;
  subscribe?: { room: string; id?: string }[];
  onEvent: (event: KasirEvent) => void;
  onStatus?: (status: RealtimeStatus) => void;
  /** Back-off bounds (ms). */
  minDelay?: number;
  maxDelay?: number;
}

export interface RealtimeConnection {
  stop(options?: { forget?: boolean }): void;
  /** The last seq seen (string: 64-bit). */
  lastSeq(): string | null;
}

export function connectRealtime(options: RealtimeOptions): RealtimeConnection {
  const min = options.minDelay ?? 500;
  const max = options.maxDelay ?? 15_000;
  // No seq yet (a new device): live from now on, not the tenant's whole history.
  let last: string | null = localStorage.getItem(options.seqKey);
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let socket: Socket | undefined;

  const status = (s: RealtimeStatus) => options.onStatus?.(s);
  const delay = () => Math.min(max, min * 2 ** attempt) * (0.5 + Math.random() / 2);

  function schedule(): void {
    if (stopped) {
      return;
    }
    status('offline');
    clearTimeout(timer);
    timer = setTimeout(() => void open(), delay());
    attempt += 1;
  }

  async function open(): Promise<void> {
    if (stopped) {
      return;
    }
    status('connecting');
    let token: string;
    try {
      token = await options.token();
    } catch {
      schedule();
      return;
    }
    socket?.removeAllListeners();
    socket?.disconnect();
    const s = io(options.url ?? location.origin, {
      path: '/realtime',
      transports: ['websocket'],
      reconnection: false, // our own loop: a fresh token and lastSeq on every attempt
      auth: {
        token,
        ...(last !== null ? { lastSeq: last } : {}),
        ...(options.subscribe ? { subscribe: options.subscribe } : {}),
      },
    });
    socket = s;
    s.on('ready', (r: { seq: string }) => {
      attempt = 0;
      if (last === null) {
        last = r.seq;
        localStorage.setItem(options.seqKey, last);
      }
      status('live');
    });
    s.on('event', (e: KasirEvent) => {
      // Replay and live never overlap, but a duplicate after a reconnect race is dropped here.
      if (last !== null && BigInt(e.seq) <= BigInt(last)) {
        return;
      }
      last = e.seq;
      localStorage.setItem(options.seqKey, last);
      options.onEvent(e);
    });
    s.on('connect_error', () => schedule());
    s.on('disconnect', () => schedule());
  }

  const onOnline = () => {
    if (!stopped && socket?.connected !== true) {
      attempt = 0;
      clearTimeout(timer);
      void open();
    }
  };
  window.addEventListener('online', onOnline);
  void open();

  return {
    stop({ forget = false } = {}) {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      socket?.removeAllListeners();
      socket?.disconnect();
      if (forget) {
        localStorage.removeItem(options.seqKey);
      }
    },
    lastSeq: () => last,
  };
}
