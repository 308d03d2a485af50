import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import type { AppModule } from '../../platform/module.ts';
import type { MenuService } from '../catalog/index.ts';
import type { OrdersService } from '../orders/index.ts';
import { createQrOrders } from './qr-orders.service.ts';
import { createQrPayments, type QrPayDeps } from './qr-payments.ts';
import { qrPublicRoutes } from './qr-public.routes.ts';
import { createWindowLimiter, type KitchenLineState } from './qr-rules.ts';
import { qrStaffRoutes } from './qr.routes.ts';
import { createTableCodes } from './table-codes.service.ts';

export interface QrOptions {
  /** Requests per minute from one table's code (all its phones). Default 120. */
  perTablePerMinute?: number;
  /** Requests per minute from one address. Default 300. */
  perAddressPerMinute?: number;
}

/**
 * QR table ordering: signed table codes and their QR images, the customer's public menu and
 * orders, staff accepting them onto the table's open order, tracking by a customer token.
 */
export function createQrModule(deps: {
  clock: Clock;
  secret: string;
  publicUrl?: string | undefined;
  orders: OrdersService;
  menu: MenuService;
  openTable: (
    tx: Tx,
    ctx: ServiceContext,
    tableId: string,
  ) => Promise<{ order: { id: string; version: number } }>;
  kitchenLines: (
    db: Executor,
    ctx: ServiceContext,
    orderId: string,
  ) => Promise<{ lineId: string; status: string }[]>;
  pay: QrPayDeps;
  options?: QrOptions | undefined;
}) {
  const codes = createTableCodes(deps);
  const pay = createQrPayments(deps.pay);
  const qrOrders = createQrOrders({
    payMethods: (db, ctx) => pay.methods(db, ctx),
    clock: deps.clock,
    secret: deps.secret,
    orders: deps.orders,
    openTable: deps.openTable,
    async kitchenStates(db, ctx, orderId) {
      const states = new Map<string, KitchenLineState>();
      for (const l of await deps.kitchenLines(db, ctx, orderId)) {
        if (l.status !== 'voided') {
          states.set(l.lineId, l.status as KitchenLineState);
        }
      }
      return states;
    },
  });
  const now = () => deps.clock.now().getTime();
  const limits = {
    table: createWindowLimiter({
      max: deps.options?.perTablePerMinute ?? 120,
      windowMs: 60_000,
      now,
      what: 'table',
    }),
    address: createWindowLimiter({
      max: deps.options?.perAddressPerMinute ?? 300,
      windowMs: 60_000,
      now,
      what: 'address',
    }),
  };
  return {
    name: 'qr',
    services: { tableCodes: codes, qrOrders },
    routes: async (app) => {
      await app.register(qrStaffRoutes, { codes, qrOrders });
      await app.register(qrPublicRoutes, {
        codes,
        qrOrders,
        menu: deps.menu,
        pay,
        limits,
      });
    },
  } satisfies AppModule;
}
