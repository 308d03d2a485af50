import type { EventInput } from '../../platform/events/events.ts';
import type { SessionDto } from './drawer-view.ts';

export const DRAWER_EVENT_TYPES = [
  'drawer.opened',
  'drawer.paid_in',
  'drawer.paid_out',
  'drawer.drop',
  'drawer.no_sale',
  'drawer.closed',
] as const;
export type DrawerEventType = (typeof DRAWER_EVENT_TYPES)[number];

/**
 * Payload (version 1): the session after the change, and the movement when there is one. Topic
 * `payments` (the people who handle money); expected cash is in the payload only once closed.
 */
export function drawerEvent(
  type: DrawerEventType,
  s: SessionDto,
  extra: Record<string, unknown> = {},
): EventInput {
  return {
    type,
    version: 1,
    topic: 'payments',
    outletId: s.outletId,
    registerId: s.registerId,
    payload: { session: s, ...extra },
  };
}
