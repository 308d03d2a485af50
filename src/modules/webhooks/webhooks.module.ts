import type { Clock } from '../../platform/clock/clock.ts';
import type { SealingKeys } from '../../platform/crypto/secret-box.ts';
import type { Db } from '../../platform/db/db.ts';
import type { Outbound } from '../../platform/net/outbound.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import { createSecretBox } from './secret-box.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { createWebhooksService } from './webhooks.service.ts';
import { createWebhookWorker, type WorkerLog } from './worker.ts';

const HOUR = 60 * 60_000;

/** Tunables of outgoing webhooks; production uses the defaults, tests shorten them. */
export interface WebhookOptions {
  /** Run the delivery worker on this node (default true). */
  worker?: boolean;
  /** Poll interval of the worker (default 1000 ms; LISTEN wakes it sooner). */
  pollMs?: number;
  /** Cut a receiver off after this long without a response (default 10 000 ms). */
  timeoutMs?: number;
  /**
   * How long a claimed delivery is reserved for the node sending it; one claimed by a node that
   * died is retried after it (default: lookup + request timeout + 15 s, ~30 s). Shorter than an
   * attempt can take risks sending a delivery twice at once: for tests.
   */
  leaseMs?: number;
  /** Attempts in flight at once per node (default 16). */
  concurrency?: number;
  /** Retry schedule (default 1 min doubling to 1 h steps, full jitter, for 72 h). */
  retry?: Partial<RetryPolicy>;
  /** Disable an endpoint whose deliveries have all failed for longer than this (default 3 days). */
  disableAfterMs?: number;
  /** How long the previous secret keeps signing after a rotation (default 24 h). */
  previousSecretTtlMs?: number;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

export interface WebhooksDeps {
  db: Db;
  clock: Clock;
  /** Key material sealing signing secrets at rest (`KASIR_ENCRYPTION_KEY`; previous keys read only). */
  sealingKeys: SealingKeys;
  /** The outbound-address policy: targets are checked at registration and at connect time. */
  outbound: Outbound;
  /** For the worker's LISTEN connection (polls without it). */
  databaseUrl?: string | undefined;
  log: WorkerLog;
  options?: WebhookOptions | undefined;
}

/**
 * Outgoing webhooks: the API service and this node's delivery worker (runs while the app does),
 * sharing one configuration.
 */
export function createWebhooksModule(deps: WebhooksDeps) {
  const o = deps.options ?? {};
  const box = createSecretBox(deps.sealingKeys);
  const service = createWebhooksService({
    clock: deps.clock,
    box,
    outbound: deps.outbound,
    previousSecretTtlMs: o.previousSecretTtlMs ?? 24 * HOUR,
  });
  const worker = createWebhookWorker({
    db: deps.db,
    clock: deps.clock,
    box,
    outbound: deps.outbound,
    log: deps.log,
    databaseUrl: deps.databaseUrl,
    enabled: o.worker ?? true,
    pollMs: o.pollMs ?? 1000,
    timeoutMs: o.timeoutMs ?? 10_000,
    ...(o.leaseMs !== undefined ? { leaseMs: o.leaseMs } : {}),
    concurrency: o.concurrency ?? 16,
    retry: { ...DEFAULT_RETRY_POLICY, ...o.retry },
    disableAfterMs: o.disableAfterMs ?? 72 * HOUR,
    random: o.random ?? Math.random,
  });
  return {
    name: 'webhooks',
    services: { service, worker },
    routes: bindRoutes(webhooksRoutes, { webhooks: service }),
    start: () => worker.start(),
    stop: () => worker.stop(),
  } satisfies AppModule;
}
