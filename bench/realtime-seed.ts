// Seeds the realtime benchmark's businesses and outlets through the HTTP API.
import { expectStatus, signUp, type Api } from './api.ts';
import type { Room } from './realtime-produce.ts';

export interface SeededTenant {
  tenantId: string;
  /** The owner's access token (valid 15 minutes): every socket of the tenant uses it. */
  token: string;
  outletIds: string[];
}

/** Runs `fn` over `items` with at most `limit` at a time; results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** `tenants` businesses with `outlets` outlets each. */
export async function seedTenants(
  api: Api,
  label: string,
  tenants: number,
  outlets: number,
): Promise<SeededTenant[]> {
  const owners = await mapLimit(
    Array.from({ length: tenants }, (_, i) => i),
    4,
    (i) => signUp(api, `${label}-${i}`),
  );
  return mapLimit(owners, 4, async (owner) => {
    const outletIds: string[] = [];
    for (let i = 0; i < outlets; i++) {
      const res = await api.call('POST', '/v1/outlets', {
        token: owner.token,
        body: { name: `Outlet ${i + 1}` },
      });
      outletIds.push(expectStatus(res, 201, 'create outlet').id as string);
    }
    return { tenantId: owner.tenantId, token: owner.token, outletIds };
  });
}

/** Every outlet as a room, tenant by tenant (so consecutive events share a transaction). */
export function roomsOf(tenants: readonly SeededTenant[]): Room[] {
  return tenants.flatMap((t) => t.outletIds.map((outletId) => ({ tenantId: t.tenantId, outletId })));
}
