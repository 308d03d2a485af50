import { describe, expect, it } from 'vitest';
import { notificationTenant, parseNotification } from './events.ts';

const tenant = '019a0000-0000-7000-8000-000000000001';

describe('event notifications', () => {
  it('reads carried events, numbered up to the last sequence number', () => {
    const raw = [
      ['id-1', 'order.created', 1, '2026-12-04T10:00:00.000Z', 'orders', 'o1', null, 'ord1', null, { n: 1 }],
      ['id-2', 'order.updated', 2, '2026-12-04T10:00:00.000Z', 'orders', 'o1', null, 'ord1', 'bar', { n: 2 }],
    ];
    const payload = `${tenant} 42 ${JSON.stringify(raw)}`;
    expect(notificationTenant(payload)).toBe(tenant);
    expect(parseNotification(payload)).toEqual({
      tenantId: tenant,
      events: [
        {
          seq: '41',
          id: 'id-1',
          type: 'order.created',
          version: 1,
          occurredAt: '2026-12-04T10:00:00.000Z',
          topic: 'orders',
          outletId: 'o1',
          registerId: null,
          orderId: 'ord1',
          station: null,
          payload: { n: 1 },
        },
        expect.objectContaining({ seq: '42', id: 'id-2', station: 'bar', payload: { n: 2 } }),
      ],
    });
  });

  it('a tenant-only or malformed notification names its tenant, so the listener reads the log', () => {
    expect(notificationTenant(tenant)).toBe(tenant);
    expect(parseNotification(tenant)).toEqual({ tenantId: tenant });
    expect(parseNotification(`${tenant} 42 [[`)).toEqual({ tenantId: tenant });
    expect(parseNotification(`${tenant} x []`)).toEqual({ tenantId: tenant });
    expect(parseNotification(`${tenant} 42 []`)).toEqual({ tenantId: tenant });
  });
});
