import type { Clock } from '../../platform/clock/clock.ts';
import type { SealingKeys } from '../../platform/crypto/secret-box.ts';
import type { Db } from '../../platform/db/db.ts';
import type { Outbound } from '../../platform/net/outbound.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import { createGatewayAccounts } from './gateway-accounts.ts';
import type { GatewayLog } from './gateway-payments.service.ts';
import { createGatewayWebhooks } from './gateway-webhooks.ts';
import { createGatewayRegistry, type AdapterOptions, type GatewayRegistry } from './gateways/index.ts';
import { createPaymentEffects } from './payment-effects.ts';
import { paymentsRoutes } from './payments.routes.ts';
import { createPaymentsService } from './payments.service.ts';
import { createRefundsService } from './refunds.service.ts';
import { createStatusPoller, type PollerOptions } from './status-poller.ts';

export interface PaymentsOptions {
  /** Gateway call timeout and retries (tests shorten them). */
  gateway?: Omit<AdapterOptions, 'request'>;
  poller?: PollerOptions;
  /** Public base URL of this server, sent to gateways that take a per-payment notification URL. */
  publicUrl?: string;
  /** Replace the gateway adapters (never needed in production; the simulators speak the real protocols). */
  gateways?: GatewayRegistry;
}

export interface PaymentsDeps {
  db: Db;
  clock: Clock;
  /** Key material sealing gateway credentials at rest (`KASIR_ENCRYPTION_KEY`; previous keys read only). */
  sealingKeys: SealingKeys;
  /** Gateway base URLs are checked at configuration and every call connects through it. */
  outbound: Outbound;
  log: GatewayLog;
  options?: PaymentsOptions;
}

/**
 * The payments module: taking and refunding payments, gateway accounts and notifications, and
 * the status poller (runs while the app does).
 */
export function createPaymentsModule(deps: PaymentsDeps) {
  const payments = wirePayments(deps);
  return {
    name: 'payments',
    services: payments,
    routes: bindRoutes(paymentsRoutes, payments),
    start: () => payments.poller.start(),
    stop: () => payments.poller.stop(),
  } satisfies AppModule;
}

/** Services, gateway notifications and the status poller, sharing one configuration. */
function wirePayments(deps: PaymentsDeps) {
  const options = deps.options ?? {};
  const gateways =
    options.gateways ?? createGatewayRegistry({ ...options.gateway, request: deps.outbound.request });
  const accounts = createGatewayAccounts({
    clock: deps.clock,
    sealingKeys: deps.sealingKeys,
    outbound: deps.outbound,
    gateways,
  });
  const effects = createPaymentEffects({ clock: deps.clock });
  const shared = { clock: deps.clock, gateways, accounts, effects, log: deps.log };
  return {
    gateways,
    accounts,
    payments: createPaymentsService({
      ...shared,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    }),
    refunds: createRefundsService(shared),
    webhooks: createGatewayWebhooks({ ...shared, db: deps.db }),
    poller: createStatusPoller({
      ...shared,
      db: deps.db,
      log: deps.log,
      ...(options.poller ? { options: options.poller } : {}),
    }),
  };
}
export type Payments = ReturnType<typeof wirePayments>;
