import { createContext, useContext } from 'react';
import type { PairedDevice, StaffSession } from '../shared/api.ts';
import type { Ok } from '../shared/api-types.ts';
import type { MenuShape, TenantShape } from '../shared/pricing.ts';
import type { KasirEvent } from '../shared/realtime.ts';
import type { OfflineState } from './offline/use-offline.ts';

export type Outlet = Ok<'/v1/outlets/{id}', 'get'>;
export type Me = Ok<'/v1/auth/me', 'get'>;
export type DeviceStaff = Ok<'/v1/device/staff', 'get'>['items'];

export interface RegisterContext {
  device: PairedDevice;
  session: StaffSession;
  tenant: TenantShape;
  outlet: Outlet;
  menu: MenuShape;
  me: Me;
  staffList: DeviceStaff;
  /** epoch ms when the menu and settings were last read from the server */
  loadedAt: number;
  /** The connection and the queue of offline sales. */
  sync: OfflineState & { syncNow: () => Promise<void> };
  /** Money in this tenant's currency, in the screen's language. */
  money: (minor: number) => string;
  /** Listen to realtime events; returns the unsubscribe function. */
  onEvent: (fn: (e: KasirEvent) => void) => () => void;
  can: (permission: string) => boolean;
}

export const RegisterCtx = createContext<RegisterContext | null>(null);
export function useRegister(): RegisterContext {
  const ctx = useContext(RegisterCtx);
  if (!ctx) {
    throw new Error('useRegister outside the register');
  }
  return ctx;
}
