import { hasPermission, type TenantPrincipal } from '../http/context.ts';
import { TOPIC_PERMISSIONS, TOPICS, type Topic } from './events.ts';

/**
 * What a principal may read of the event log: the topics whose permission it holds, in the outlets
 * it may work in. A paired register device (a kitchen display, say) reads its outlet's orders and
 * kitchen tickets, never payments.
 */
export function readableTopics(p: TenantPrincipal): Topic[] {
  if (p.kind === 'device') {
    return ['orders', 'kitchen', 'floor'];
  }
  if (p.kind === 'customer') {
    return []; // a customer reads its own QR order only, never the log
  }
  return TOPICS.filter((t) => hasPermission(p, TOPIC_PERMISSIONS[t]));
}

export function readableOutlets(p: TenantPrincipal): readonly string[] | null {
  return p.kind === 'device' || p.kind === 'customer' ? [p.outletId] : p.outletIds;
}
