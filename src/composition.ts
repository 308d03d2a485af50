// The composition root: every module of the app made by its one factory and wired together, in
// route order. buildApp (app.ts) adds the HTTP platform around them.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Clock } from './platform/clock/clock.ts';
import type { Config } from './platform/config/config.ts';
import type { Db } from './platform/db/db.ts';
import type { SealingKeys } from './platform/crypto/secret-box.ts';
import type { Outbound, OutboundOptions } from './platform/net/outbound.ts';
import { createAuditModule } from './modules/audit/index.ts';
import { createIdentityModule } from './modules/identity/index.ts';
import { createTenancyModule } from './modules/tenancy/index.ts';
import { createCatalogModule } from './modules/catalog/index.ts';
import { createOrdersModule } from './modules/orders/index.ts';
import { createWebhooksModule, type WebhookOptions } from './modules/webhooks/index.ts';
import { createPaymentsModule, type PaymentsOptions } from './modules/payments/index.ts';
import { createLedgerModule } from './modules/ledger/index.ts';
import { createReportsModule, type ReportsOptions } from './modules/reports/index.ts';
import { createDrawerModule } from './modules/drawer/index.ts';
import { createInventoryModule } from './modules/inventory/index.ts';
import { createReceiptsModule } from './modules/receipts/index.ts';
import { createPrintingModule, type PrintWorkerOptions } from './modules/printing/index.ts';
import { createMediaModule } from './modules/media/index.ts';
import { createSyncModule, releaseDeviceBlocks } from './modules/sync/index.ts';
import { createKitchenModule } from './modules/kitchen/index.ts';
import { createFloorModule } from './modules/floor/index.ts';
import { createQrModule, type QrOptions } from './modules/qr/index.ts';
import { createFlowsModule } from './flows/flows.module.ts';
import { createEventsModule } from './platform/events/events.module.ts';
import { createRealtimeModule } from './platform/realtime/realtime.module.ts';
import type { Registry } from 'prom-client';

export interface AppDeps {
  db: Db;
  /** The database's URL, for the realtime dispatcher's LISTEN connection (polls without it). */
  databaseUrl?: string;
  config: Config;
  jwtSecret: string;
  /**
   * Key material sealing gateway credentials and webhook signing secrets at rest: the configured
   * or generated `KASIR_ENCRYPTION_KEY` (default: `config.encryptionKey`, else the JWT secret).
   */
  encryptionKey?: string | undefined;
  clock?: Clock;
  /** A pino logger, `false` to disable logging (tests), or a level and a stream to write lines to. */
  logger?: FastifyBaseLogger | boolean | { level: string; stream?: { write(line: string): void } };
  /** Outgoing webhooks' worker timings and retry policy (tests shorten them). */
  webhooks?: WebhookOptions;
  /** The outbound-address policy's DNS and bounds (tests inject answers); `allowPrivate` defaults to the config. */
  outbound?: OutboundOptions;
  /** Payment gateway timeouts, the status poller's timings, the public URL for notifications. */
  payments?: PaymentsOptions;
  /** The reports projector (tests may turn the background one off; reports catch up on read). */
  reports?: ReportsOptions;
  /** The print queue's timings and retry policy (tests shorten them). */
  printing?: PrintWorkerOptions;
  /** QR ordering's rate limits (tests lower them). */
  qr?: QrOptions;
}

/**
 * Every module of the app, in route order, each made by its one factory (`createXModule(deps)`):
 * routes, services, and what runs in the background. The one composition root: no DI container.
 */
export function createModules(
  deps: AppDeps,
  platform: {
    clock: Clock;
    outbound: Outbound;
    keys: SealingKeys;
    log: FastifyBaseLogger;
    registry: Registry;
    server: FastifyInstance['server'];
  },
) {
  const { db, config } = deps;
  const { clock, outbound, log } = platform;
  const identity = createIdentityModule({
    db,
    clock,
    jwtSecret: deps.jwtSecret,
    authRateLimit: config.rateLimit.authMax,
    databaseUrl: deps.databaseUrl,
    log,
    // A revoked device can never sync again: the numbers it still held become void.
    onDeviceRevoked: (tx, ctx, deviceId) => releaseDeviceBlocks(tx, ctx, deviceId, clock.now()),
  });
  const tenancy = createTenancyModule({ clock });
  const catalog = createCatalogModule({ db, clock });
  const kitchen = createKitchenModule({ clock, items: catalog.services.items });
  const orders = createOrdersModule({
    clock,
    menu: catalog.services.menu,
    setup: catalog.services.pricingSetup,
    // The kitchen tickets sent lines (and follows voids and merges) in the order's transaction.
    hooks: kitchen.services.kitchenOrderHooks,
  });
  const floor = createFloorModule({ clock, orders: orders.services.orders });
  const payments = createPaymentsModule({
    db,
    clock,
    sealingKeys: platform.keys,
    outbound,
    log,
    options: { ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}), ...deps.payments },
  });
  const qr = createQrModule({
    clock,
    secret: deps.jwtSecret,
    publicUrl: config.publicUrl,
    orders: orders.services.orders,
    menu: catalog.services.menu,
    openTable: (tx, ctx, tableId) => floor.services.seating.openTable(tx, ctx, tableId, {}),
    kitchenLines: async (db, ctx, orderId) =>
      (await kitchen.services.tickets.list(db, ctx, { orderId, state: 'all', limit: 500 })).items.flatMap(
        (t) => t.lines,
      ),
    pay: {
      createGatewayPayment: (tx, ctx, orderId, input) =>
        payments.services.payments.create(tx, ctx, orderId, { method: 'gateway', ...input }),
      requestBill: (tx, ctx, orderId) => floor.services.seating.requestBill(tx, ctx, orderId),
      gatewayAccounts: (db, ctx) => payments.services.accounts.list(db, ctx),
      orderLines: (db, ctx, orderId) => orders.services.orders.get(db, ctx, orderId),
    },
    options: deps.qr,
  });
  const webhooks = createWebhooksModule({
    db,
    clock,
    sealingKeys: platform.keys,
    outbound,
    databaseUrl: deps.databaseUrl,
    log,
    options: {
      ...(config.webhookLeaseMs !== undefined ? { leaseMs: config.webhookLeaseMs } : {}),
      ...deps.webhooks,
    },
  });
  const realtime = createRealtimeModule({
    httpServer: platform.server,
    db,
    databaseUrl: deps.databaseUrl,
    resolve: (token) => identity.services.auth.resolveCredential(token),
    async resolveCustomer(token) {
      const { principal, row } = await qr.services.qrOrders.resolveCustomer(db, token);
      return { tenantId: principal.tenantId, qrOrderId: row.id, orderId: row.order_id };
    },
    clock,
    log,
    registry: platform.registry,
  });
  const flows = createFlowsModule({
    ...identity.services,
    ...tenancy.services,
    ...orders.services,
    payments: payments.services.payments,
    authRateLimit: config.rateLimit.authMax,
    signup: config.signup,
  });
  const inventory = createInventoryModule({ clock });
  const receipts = createReceiptsModule({
    jwtSecret: deps.jwtSecret,
    publicUrl: config.publicUrl,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    log,
  });
  const modules = {
    identity,
    tenancy,
    audit: createAuditModule(),
    catalog,
    media: createMediaModule({ clock }),
    orders,
    events: createEventsModule(),
    payments,
    ledger: createLedgerModule(),
    drawer: createDrawerModule({ clock }),
    inventory,
    floor,
    kitchen,
    qr,
    receipts,
    printing: createPrintingModule({
      db,
      clock,
      links: receipts.services.links,
      allowPrivate: config.outboundAllowPrivate,
      log,
      options: deps.printing,
    }),
    reports: createReportsModule({ db, log, ...(deps.reports ? { options: deps.reports } : {}) }),
    sync: createSyncModule({ db, clock, orders: orders.services.orders, payments: payments.services }),
    webhooks,
    realtime,
    flows,
  };
  return {
    modules,
    services: {
      ...identity.services,
      ...tenancy.services,
      ...catalog.services,
      ...orders.services,
      ...inventory.services,
      ...qr.services,
    },
  };
}
export type Services = ReturnType<typeof createModules>['services'];
