import type { TenantPrincipal } from '../http/context.ts';

/**
 * What thousands of sockets would otherwise each hold a copy of, shared. A node keeps a socket's
 * principal for as long as it is connected (its session guard checks revocations against it), and
 * each socket's handshake resolved its own: a permission set of fresh strings per socket (~2 KiB
 * of the realtime bench's 16.5 KiB per connection). Equal sets are one set; a set nobody holds any
 * more stays until the table is full, then the table starts over (what sockets hold is unaffected).
 */
const MAX_SHARED = 1_000;
const permissionSets = new Map<string, ReadonlySet<string>>();
const outletLists = new Map<string, readonly string[]>();

function intern<T>(table: Map<string, T>, key: string, value: T): T {
  const hit = table.get(key);
  if (hit !== undefined) {
    return hit;
  }
  if (table.size >= MAX_SHARED) {
    table.clear();
  }
  table.set(key, value);
  return value;
}

/** The same principal, with its permissions and outlet list shared with equal ones. */
export function sharedPrincipal<P extends TenantPrincipal>(p: P): P {
  if (p.kind !== 'user' && p.kind !== 'api_key') {
    return p;
  }
  const permissions = intern(permissionSets, [...p.permissions].sort().join('\n'), p.permissions);
  const outletIds = p.outletIds === null ? null : intern(outletLists, p.outletIds.join('\n'), p.outletIds);
  return { ...p, permissions, outletIds };
}

/**
 * Room names, one string per name: a socket holds the name of each room it joined (Socket.IO's
 * adapter keeps them per socket), and the names a socket builds are new strings each time. A name
 * leaves the table when its room does (`forget`, on the adapter's `delete-room`).
 */
export function createRoomNames() {
  const names = new Map<string, string>();
  return {
    name(room: string): string {
      const hit = names.get(room);
      if (hit !== undefined) {
        return hit;
      }
      names.set(room, room);
      return room;
    },
    forget(room: string): void {
      names.delete(room);
    },
    get size(): number {
      return names.size;
    },
  };
}
