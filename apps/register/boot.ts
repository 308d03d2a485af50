// What the sale screen needs before it can show (tenant, outlet, menu, who, the device's staff),
// loaded in one place. main.tsx starts it before the first render when someone is signed in, so
// the five API calls overlap the language chunk and React's start instead of following them.
import { credentials, deviceApi, staff, unwrap } from '../shared/api.ts';
import type { RegisterContext } from './context.ts';

export type RegisterData = Pick<RegisterContext, 'tenant' | 'outlet' | 'menu' | 'me' | 'staffList'>;

export const loadMenu = (outletId: string) =>
  staff((api) => api.GET('/v1/catalog/menu', { params: { query: { outletId } } }));

export async function loadRegisterData(outletId: string): Promise<RegisterData> {
  const [tenant, outlet, menu, me, staffList] = await Promise.all([
    staff((api) => api.GET('/v1/tenant')),
    staff((api) => api.GET('/v1/outlets/{id}', { params: { path: { id: outletId } } })),
    loadMenu(outletId),
    staff((api) => api.GET('/v1/auth/me')),
    unwrap(deviceApi.GET('/v1/device/staff')).then((page) => page.items),
  ]);
  return { tenant, outlet, menu, me, staffList };
}

let early: { key: string; data: Promise<RegisterData> } | null = null;
const keyOf = (outletId: string, membershipId: string) => `${outletId}:${membershipId}`;

/** Starts loading now (before the first render) when a person is signed in on a paired device. */
export function preloadRegisterData(): void {
  const { device, session } = credentials;
  if (device && session) {
    const data = loadRegisterData(device.outletId);
    data.catch(() => undefined); // handled by whoever takes it
    early = { key: keyOf(device.outletId, session.membershipId), data };
  }
}

/** The preloaded data for this person and outlet (once), or a fresh load. */
export function takeRegisterData(outletId: string, membershipId: string): Promise<RegisterData> {
  const mine = early?.key === keyOf(outletId, membershipId) ? early.data : null;
  early = null;
  return mine ?? loadRegisterData(outletId);
}
