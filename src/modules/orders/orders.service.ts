import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import type { MenuService, PricingSetupService } from '../catalog/index.ts';
import { outletFilter } from '../identity/index.ts';
import { createOrderCreation } from './create-order.ts';
import { createOrderEditing } from './edit-order.ts';
import { createOrderDrafts } from './order-drafts.ts';
import type { OrderHooks } from './order-hooks.ts';
import { createOrderMerging } from './merge-order.ts';
import { createOrderStatus } from './order-status.ts';
import { createOrderStore } from './order-store.ts';
import * as repo from './orders.repo.ts';
import { createOrderSplitting } from './split-order.ts';

const num = (v: string | number) => Number(v);

/**
 * Orders: the use cases (one file each: create-order, edit-order, order-status with
 * complete-order, split-order, order-money) over one record (order-record.ts) and one repo.
 * Reads build the DTO from what is stored.
 */
export function createOrdersService(deps: {
  clock: Clock;
  menu: MenuService;
  setup: PricingSetupService;
  hooks?: OrderHooks | undefined;
}) {
  const { clock, setup } = deps;
  const hooks = deps.hooks ?? {};
  const drafts = createOrderDrafts(deps);
  const store = createOrderStore({ clock });

  return {
    ...createOrderCreation({ clock, drafts }),
    ...createOrderEditing({ clock, setup, drafts, store, hooks }),
    ...createOrderStatus({ clock, store, hooks }),
    ...createOrderSplitting({ clock, store }),
    ...createOrderMerging({ clock, store, hooks }),
    get: store.load,

    async list(
      db: Executor,
      ctx: ServiceContext,
      filter: Omit<repo.OrderListFilter, 'outletIds' | 'cursor' | 'limit'> & {
        cursor?: string;
        limit?: number;
      },
    ) {
      const limit = filter.limit ?? 50;
      const after = decodeCursor(filter.cursor, ['timestamp', 'uuid'] as const);
      const { cursor: _raw, limit: _limit, ...criteria } = filter;
      const rows = await repo.listOrderRows(db, ctx.tenantId, {
        ...criteria,
        outletIds: outletFilter(ctx),
        limit: limit + 1,
        ...(after ? { cursor: { createdAt: after[0], id: after[1] } } : {}),
      });
      return toPage(
        rows,
        limit,
        (o) => [o.created_at, o.id],
        (o) => ({
          id: o.id,
          number: o.number,
          businessDate: o.business_date,
          outletId: o.outlet_id,
          registerId: o.register_id,
          status: o.status,
          diningOption: o.dining_option,
          tableRef: o.table_ref,
          customerName: o.customer_name,
          total: num(o.total),
          paymentStatus: o.payment_status,
          version: o.version,
          createdAt: o.created_at.toISOString(),
        }),
      );
    },
  };
}
export type OrdersService = ReturnType<typeof createOrdersService>;
