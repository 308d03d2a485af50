// The order module's list is the source of truth for order events.
import { ORDER_EVENT_TYPES } from '../orders/index.ts';
import { PAYMENT_EVENT_TYPES } from '../payments/index.ts';
import { DRAWER_EVENT_TYPES } from '../drawer/index.ts';
import { INVENTORY_EVENT_TYPES } from '../inventory/index.ts';
import { QR_EVENT_TYPES } from '../qr/index.ts';

/** Every event type an endpoint may subscribe to; `*` = all of them, and any added later. */
export const WEBHOOK_EVENT_TYPES = [
  '*',
  ...ORDER_EVENT_TYPES,
  'alert',
  ...PAYMENT_EVENT_TYPES,
  ...DRAWER_EVENT_TYPES,
  ...INVENTORY_EVENT_TYPES,
  ...QR_EVENT_TYPES,
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** True when an endpoint subscribed to `subscribed` wants an event of `type`. */
export function wantsEvent(subscribed: readonly string[], type: string): boolean {
  return subscribed.includes('*') || subscribed.includes(type);
}
