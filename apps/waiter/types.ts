// The API's shapes the waiter app reads (generated types; no DOM, so pure code and tests use them).
import type { Ok } from '../shared/api-types.ts';

export type Outlet = Ok<'/v1/outlets/{id}', 'get'>;
export type FloorPlan = Ok<'/v1/outlets/{outletId}/floor-plan', 'get'>;
export type Floor = FloorPlan['floors'][number];
export type Table = Floor['tables'][number];
export type Tab = FloorPlan['tabs'][number];
export type Order = Ok<'/v1/orders/{id}', 'get'>;
export type OrderLine = Order['lines'][number];
export type Ticket = Ok<'/v1/kitchen/tickets/{id}', 'get'>;
