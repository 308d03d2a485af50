import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import { createSecretBox } from './secret-box.ts';
import { systemResolver, type Resolver } from './targets.ts';
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
  /** DNS resolution for the target check (default: the system resolver, every address). */
  resolve?: Resolver;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

export interface WebhooksDeps {
  db: Db;
  clock: Clock;
  /** The server's own secret; the key that encrypts signing secrets at rest is derived from it. */
  serverSecret: string;
  /** Config `allowPrivateWebhookTargets` (development only). */
  allowPrivateTargets: boolean;
  /** For the worker's LISTEN connection (polls without it). */
  databaseUrl?: string | undefined;
  log: WorkerLog;
  options?: WebhookOptions | undefined;
}

/** Outgoing webhooks: the API service and this node's delivery worker, sharing one configuration. */
export function createWebhooks(deps: WebhooksDeps) {
  const o = deps.options ?? {};
  const box = createSecretBox(deps.serverSecret);
  const targets = { allowPrivate: deps.allowPrivateTargets, resolve: o.resolve ?? systemResolver };
  const service = createWebhooksService({
    clock: deps.clock,
    box,
    targets,
    previousSecretTtlMs: o.previousSecretTtlMs ?? 24 * HOUR,
  });
  const worker = createWebhookWorker({
    db: deps.db,
    clock: deps.clock,
    box,
    targets,
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
  return { service, worker };
}
