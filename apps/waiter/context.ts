import { createContext, useContext } from 'react';
import type { MenuShape, TenantShape } from '../shared/pricing.ts';
import type { KasirEvent, RealtimeStatus } from '../shared/realtime.ts';
import type { Floor, FloorPlan, Outlet, Tab, Table } from './types.ts';

export type * from './types.ts';

/** Where an order sits: a table (with its floor) or a named tab. */
export type Place =
  { kind: 'table'; table: Table; floor: Floor; seated: Table['orders'][number] } | { kind: 'tab'; tab: Tab };

export interface WaiterContext {
  tenant: TenantShape;
  outlet: Outlet;
  menu: MenuShape;
  /** The outlet's floor plan, kept live from `floor` events. */
  plan: FloorPlan;
  reloadPlan: () => Promise<void>;
  status: RealtimeStatus;
  /** Money in the tenant's currency, the tenant's way (Rp 25.000). */
  money: (minor: number) => string;
  /** Listen to realtime events; returns the unsubscribe function. */
  onEvent: (fn: (e: KasirEvent) => void) => () => void;
  signOut: () => void;
}

export const WaiterCtx = createContext<WaiterContext | null>(null);
export function useWaiter(): WaiterContext {
  const ctx = useContext(WaiterCtx);
  if (!ctx) {
    throw new Error('useWaiter outside the waiter app');
  }
  return ctx;
}

/** Where an order sits on the plan, or null when it is not seated (closed, or another outlet's). */
export function placeOf(plan: FloorPlan, orderId: string): Place | null {
  for (const floor of plan.floors) {
    for (const table of floor.tables) {
      const seated = table.orders.find((o) => o.orderId === orderId);
      if (seated) {
        return { kind: 'table', table, floor, seated };
      }
    }
  }
  const tab = plan.tabs.find((t) => t.orderId === orderId);
  return tab ? { kind: 'tab', tab } : null;
}

export const placeName = (p: Place | null) => (p ? (p.kind === 'table' ? p.table.name : p.tab.name) : '');
