import type { Clock } from '../../platform/clock/clock.ts';
import type { SealingKeys } from '../../platform/crypto/secret-box.ts';
import type { Db } from '../../platform/db/db.ts';
import type { Outbound } from '../../platform/net/outbound.ts';
import { createGatewayAccounts } from './gateway-accounts.ts';
import type { GatewayLog } from './gateway-payments.service.ts';
import { createGatewayWebhooks } from './gateway-webhooks.ts';
import { createGatewayRegistry, type AdapterOptions, type GatewayRegistry } from './gateways/index.ts';
import { createPaymentEffects } from './payment-effects.ts';
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

/** Wires the payments module: services, gateway notifications and the status poller. */
export function createPayments(deps: {
  db: Db;
  clock: Clock;
  /** Key material sealing gateway credentials at rest (`KASIR_ENCRYPTION_KEY`; previous keys read only). */
  sealingKeys: SealingKeys;
  /** Gateway base URLs are checked at configuration and every call connects through it. */
  outbound: Outbound;
  log: GatewayLog;
  options?: PaymentsOptions;
}) {
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
export type Payments = ReturnType<typeof createPayments>;
