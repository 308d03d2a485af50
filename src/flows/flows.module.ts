import type { AppModule } from '../platform/module.ts';
import type { AuthService, StaffService } from '../modules/identity/index.ts';
import type { OrdersService } from '../modules/orders/index.ts';
import type { PaymentsService } from '../modules/payments/index.ts';
import type { TenancyService } from '../modules/tenancy/index.ts';
import { flowRoutes } from './flows.routes.ts';
import { saleRoutes } from './sale.routes.ts';

/** Use cases spanning modules in one transaction: sign-up (tenancy + identity), the sale (orders + payments). */
export function createFlowsModule(deps: {
  auth: AuthService;
  staff: StaffService;
  tenancy: TenancyService;
  orders: OrdersService;
  payments: PaymentsService;
  authRateLimit: number;
  signup: 'open' | 'closed';
}) {
  const { orders, payments, ...signUp } = deps;
  return {
    name: 'flows',
    services: {},
    routes: async (app) => {
      await app.register(saleRoutes, { orders, payments });
      await app.register(flowRoutes, signUp);
    },
  } satisfies AppModule;
}
