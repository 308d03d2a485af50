// What the sale screen needs before it can show (tenant, outlet, menu, who, the device's staff),
// loaded in one place. main.tsx starts it before the first render when someone is signed in, so
// the five API calls overlap the language chunk and React's start instead of following them.
// Each load is kept on the device (IndexedDB): without the network the register opens on the
// last one it had, and tells how old its menu is.
import { ApiError, credentials, deviceApi, staff, unwrap } from '../shared/api.ts';
import type { RegisterContext } from './context.ts';
import { db } from './offline/db.ts';
import { applyMenuDelta } from './offline/menu-delta.ts';

export type RegisterData = Pick<RegisterContext, 'tenant' | 'outlet' | 'menu' | 'me' | 'staffList'> & {
  /** epoch ms when this data was read from the server */
  loadedAt: number;
  /** Read from the device's copy: the server could not be reached. */
  cached: boolean;
};

export const loadMenu = (outletId: string) =>
  staff((api) => api.GET('/v1/catalog/menu', { params: { query: { outletId } } }));

/** Catches a held menu up by its version (the delta); the whole menu only when the server says `full`. */
export async function refreshMenu(
  outletId: string,
  held: RegisterContext['menu'],
): Promise<RegisterContext['menu']> {
  const delta = await staff((api) =>
    api.GET('/v1/catalog/menu/changes', { params: { query: { outletId, since: held.version } } }),
  );
  return applyMenuDelta(held, delta) ?? loadMenu(outletId);
}

/** Back online: tenant, outlet and who are small and read again; the menu catches up by delta. */
export async function catchUpRegisterData(
  outletId: string,
  membershipId: string,
  held: RegisterData,
): Promise<RegisterData> {
  const [tenant, outlet, menu, me, staffList] = await Promise.all([
    staff((api) => api.GET('/v1/tenant')),
    staff((api) => api.GET('/v1/outlets/{id}', { params: { path: { id: outletId } } })),
    refreshMenu(outletId, held.menu),
    staff((api) => api.GET('/v1/auth/me')),
    unwrap(deviceApi.GET('/v1/device/staff')).then((page) => page.items),
  ]);
  const data = { tenant, outlet, menu, me, staffList, loadedAt: Date.now(), cached: false };
  await keepRegisterData(membershipId, data).catch(() => undefined);
  return data;
}

const cacheKey = (outletId: string, membershipId: string) => `register:${outletId}:${membershipId}`;

/** Keeps the register's data on the device for the next start without the network. */
export async function keepRegisterData(membershipId: string, data: RegisterData): Promise<void> {
  const { cached: _c, ...value } = data;
  await db.cache.put({ key: cacheKey(data.outlet.id, membershipId), value, savedAt: data.loadedAt });
}

async function cachedRegisterData(outletId: string, membershipId: string): Promise<RegisterData | null> {
  const row = await db.cache.get(cacheKey(outletId, membershipId));
  return row ? { ...(row.value as Omit<RegisterData, 'cached'>), loadedAt: row.savedAt, cached: true } : null;
}

export async function loadRegisterData(outletId: string, membershipId?: string): Promise<RegisterData> {
  try {
    const [tenant, outlet, menu, me, staffList] = await Promise.all([
      staff((api) => api.GET('/v1/tenant')),
      staff((api) => api.GET('/v1/outlets/{id}', { params: { path: { id: outletId } } })),
      loadMenu(outletId),
      staff((api) => api.GET('/v1/auth/me')),
      unwrap(deviceApi.GET('/v1/device/staff')).then((page) => page.items),
    ]);
    const data = { tenant, outlet, menu, me, staffList, loadedAt: Date.now(), cached: false };
    if (membershipId) {
      await keepRegisterData(membershipId, data).catch(() => undefined);
    }
    return data;
  } catch (err) {
    // No answer (offline, server down): the last data this person had on this register.
    const unreachable = err instanceof ApiError && (err.status === 0 || err.status >= 502);
    const kept = unreachable && membershipId ? await cachedRegisterData(outletId, membershipId) : null;
    if (kept) {
      return kept;
    }
    throw err;
  }
}

let early: { key: string; data: Promise<RegisterData> } | null = null;
const keyOf = (outletId: string, membershipId: string) => `${outletId}:${membershipId}`;

/** Starts loading now (before the first render) when a person is signed in on a paired device. */
export function preloadRegisterData(): void {
  const { device, session } = credentials;
  if (device && session) {
    const data = loadRegisterData(device.outletId, session.membershipId);
    data.catch(() => undefined); // handled by whoever takes it
    early = { key: keyOf(device.outletId, session.membershipId), data };
  }
}

/** The preloaded data for this person and outlet (once), or a fresh load. */
export function takeRegisterData(outletId: string, membershipId: string): Promise<RegisterData> {
  const mine = early?.key === keyOf(outletId, membershipId) ? early.data : null;
  early = null;
  return mine ?? loadRegisterData(outletId, membershipId);
}
