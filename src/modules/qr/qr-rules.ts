import { AppError } from '../../platform/http/errors.ts';

/** What a customer sees of the order it placed. */
export type TrackingStatus = 'received' | 'accepted' | 'preparing' | 'ready' | 'served' | 'rejected';

/** A kitchen line's state as the kitchen module reports it. */
export type KitchenLineState = 'new' | 'preparing' | 'ready' | 'served';

/**
 * The customer's view of a QR order: received until staff accept it (or reject it); once accepted,
 * from its own lines' kitchen states — preparing as soon as one is started, ready when every line
 * is ready (or served already), served when every line is served. Lines the kitchen does not make
 * (no station for them) count as ready at once: there is nothing to wait for.
 */
export function trackingStatus(
  status: 'pending' | 'accepted' | 'rejected',
  kitchen: readonly (KitchenLineState | null)[],
): TrackingStatus {
  if (status === 'pending') {
    return 'received';
  }
  if (status === 'rejected') {
    return 'rejected';
  }
  const made = kitchen.filter((s): s is KitchenLineState => s !== null);
  if (made.length === 0) {
    return kitchen.length > 0 ? 'ready' : 'accepted';
  }
  if (made.every((s) => s === 'served')) {
    return 'served';
  }
  if (made.every((s) => s === 'ready' || s === 'served')) {
    return 'ready';
  }
  return made.some((s) => s !== 'new') ? 'preparing' : 'accepted';
}

export interface QrLimits {
  maxPending: number;
  maxLineQuantity: number;
  maxOrderQuantity: number;
}

/** Quantities per line and per order within the business's limits (422 `qr.limit_reached`). */
export function assertQuantities(lines: readonly { quantity: number }[], limits: QrLimits): number {
  lines.forEach((l, i) => {
    if (l.quantity > limits.maxLineQuantity) {
      throw new AppError(
        'qr.limit_reached',
        `At most ${limits.maxLineQuantity} of one item per order; ask the staff for more.`,
        { field: `lines/${i}/quantity`, max: limits.maxLineQuantity },
      );
    }
  });
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  if (count > limits.maxOrderQuantity) {
    throw new AppError(
      'qr.limit_reached',
      `At most ${limits.maxOrderQuantity} items per order; ask the staff for more.`,
      { field: 'lines', max: limits.maxOrderQuantity },
    );
  }
  return count;
}

/** The cap on orders waiting for staff at one table (422 `qr.limit_reached`). */
export function assertPendingBelow(pending: number, limits: QrLimits): void {
  if (pending >= limits.maxPending) {
    throw new AppError(
      'qr.limit_reached',
      `This table already has ${pending} orders waiting for the staff; wait until they are accepted.`,
      { max: limits.maxPending },
    );
  }
}

/**
 * A fixed-window counter per key (a table code, an address), in this node's memory: a burst from
 * one phone or one address is cut at `max` requests per window with 429 `qr.rate_limited`. Each
 * node counts its own requests (a limit per node is enough against a prank; the pending cap in the
 * database is the hard limit across nodes).
 */
export function createWindowLimiter(o: { max: number; windowMs: number; now: () => number; what: string }) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    hit(key: string): void {
      const now = o.now();
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        if (windows.size >= 10_000) {
          for (const [k, v] of windows) {
            if (v.resetAt <= now) {
              windows.delete(k);
            }
          }
        }
        w = { count: 0, resetAt: now + o.windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count > o.max) {
        const retryAfterSeconds = Math.ceil((w.resetAt - now) / 1000);
        throw new AppError(
          'qr.rate_limited',
          `Too many requests from this ${o.what}; try again in ${retryAfterSeconds} s.`,
          { retryAfterSeconds },
        );
      }
    },
  };
}
export type WindowLimiter = ReturnType<typeof createWindowLimiter>;
