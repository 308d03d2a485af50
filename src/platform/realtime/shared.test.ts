import { describe, expect, it } from 'vitest';
import type { TenantPrincipal } from '../http/context.ts';
import { createRoomNames, sharedPrincipal } from './shared.ts';

const user = (permissions: string[], outletIds: string[] | null): TenantPrincipal => ({
  kind: 'user',
  tenantId: 't1' as TenantPrincipal['tenantId'],
  userId: 'u1',
  membershipId: 'm1',
  sessionId: 's1',
  deviceId: null,
  roleKey: 'owner',
  permissions: new Set(permissions),
  outletIds,
});

describe('shared', () => {
  it('gives principals with equal permissions and outlets one set and one list, the rest unchanged', () => {
    const a = user(['orders:read', 'payments:read'], ['o1', 'o2']);
    const b = user(['payments:read', 'orders:read'], ['o1', 'o2']);
    const sa = sharedPrincipal(a);
    const sb = sharedPrincipal(b);
    expect(sb.kind === 'user' && sa.kind === 'user' && sb.permissions === sa.permissions).toBe(true);
    expect(sb.kind === 'user' && sa.kind === 'user' && sb.outletIds === sa.outletIds).toBe(true);
    expect({ ...sb, permissions: sb.kind === 'user' ? [...sb.permissions].sort() : [] }).toEqual({
      ...b,
      permissions: ['orders:read', 'payments:read'],
    });
    const c = sharedPrincipal(user(['orders:read'], null));
    expect(c.kind === 'user' && sa.kind === 'user' && c.permissions !== sa.permissions).toBe(true);
    expect(c.kind === 'user' && c.outletIds).toBeNull();
  });

  it('names a room with one string until the room is gone', () => {
    const names = createRoomNames();
    const first = names.name(['outlet', 't', 'o'].join(':'));
    expect(names.name(['outlet', 't', 'o'].join(':'))).toBe(first);
    names.forget(first);
    expect(names.size).toBe(0);
  });
});
