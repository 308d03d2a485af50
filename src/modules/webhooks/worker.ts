import { sql } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { createListener } from '../../platform/db/listener.ts';
import { EVENTS_CHANNEL, notificationTenant, toStoredEvent } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Outbound } from '../../platform/net/outbound.ts';
import { fanOutBatch } from './fan-out.ts';
import { postDelivery, type Outcome } from './send.ts';
import { nextAttemptAt, type RetryPolicy } from './retry.ts';
import type { SecretBox } from './secret-box.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts';
import { disableFailingEndpoint } from './webhooks.repo.ts';

/** What the worker logs through (Fastify's pino logger fits). */
export interface WorkerLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerSettings {
  /** false: this node does not deliver (the API still works; another node delivers). */
  enabled: boolean;
  /** Poll interval; LISTEN on the event channel wakes the worker sooner. */
  pollMs: number;
  /** A receiver that has not answered (status line and headers) by then is cut off. */
  timeoutMs: number;
  /** A claimed delivery's reservation (default: outlasts any live attempt; see below). */
  leaseMs?: number;
  /** Attempts in flight at once on this node. */
  concurrency: number;
  retry: RetryPolicy;
  /** An endpoint whose every delivery has failed for longer than this is disabled. */
  disableAfterMs: number;
  /** Source of jitter (tests pin it). */
  random: () => number;
}

export interface WorkerDeps extends WorkerSettings {
  db: Db;
  clock: Clock;
  box: SecretBox;
  /** Deliveries connect through it: the target's address is checked (and pinned) at connect time. */
  outbound: Outbound;
  log: WorkerLog;
  /** For LISTEN; without it the worker only polls. */
  databaseUrl?: string | undefined;
}

interface Claim {
  tenant_id: string;
  id: string;
  endpoint_id: string;
  event_seq: string;
  attempts: number;
  lease_token: string;
  url: string;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_expires_at: Date | null;
}

/**
 * The webhook worker of one node: fans events out from the log into deliveries (per-tenant cursor,
 * locked SKIP LOCKED so nodes share tenants), claims due deliveries with a lease (SKIP LOCKED;
 * a leased delivery is never claimed again until its lease ends, so no delivery is sent twice at
 * once), sends them signed, and records the outcome, the retry schedule, and — when an endpoint
 * has failed for days — its disabling with an `alert` event.
 */
export function createWebhookWorker(deps: WorkerDeps) {
  const { db, clock, log } = deps;
  // Outlasts any live attempt (lookup + request timeout) with a margin; after a crash, a claimed
  // delivery is retried once its lease ends (at-least-once: receivers dedupe by event id).
  const leaseMs = deps.leaseMs ?? deps.timeoutMs + deps.outbound.lookupTimeoutMs + 15_000;
  const inFlight = new Map<string, Promise<void>>();
  let shutdown = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  let attempted = 0;
  let rounds = 0;
  /**
   * Tenants with a fan-out cursor (they have, or had, an endpoint): only their NOTIFYs wake the
   * worker — a business without endpoints costs nothing per sale. Read on every poll tick, which
   * also fans out for every tenant, so an endpoint created on another node is served within one
   * poll interval; null until first read (then every NOTIFY wakes).
   */
  let watched: Set<string> | null = null;

  /** Runs a round now, or right after the one in progress. */
  function wake(): void {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await round();
      } while (again && !stopped);
    })()
      .catch((err: unknown) => log.error({ err }, 'webhook worker round failed'))
      .finally(() => {
        running = undefined;
      });
  }

  async function round(): Promise<void> {
    rounds += 1;
    for (let i = 0; i < 10 && !stopped && (await fanOutBatch(db, clock)); i++) {
      // More to fan out: another batch.
    }
    if (!stopped) {
      await claimAndSend();
    }
  }

  /** Claims due deliveries of active endpoints, up to the free slots, and starts their attempts. */
  async function claimAndSend(): Promise<void> {
    const free = deps.concurrency - inFlight.size;
    if (free <= 0) {
      return;
    }
    const now = clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    // One statement: the row locks last only while it runs; the lease guards the attempt after.
    // In-flight ids are excluded too, so a node never re-claims its own work even if the clock jumps.
    const claimed = await sql<Claim>`
      update webhook_deliveries d
      set lease_token = gen_random_uuid(), lease_until = ${leaseUntil}
      from webhook_endpoints e
      where e.tenant_id = d.tenant_id and e.id = d.endpoint_id
        and (d.tenant_id, d.id) in (
          select d2.tenant_id, d2.id
          from webhook_deliveries d2
          join webhook_endpoints e2 on e2.tenant_id = d2.tenant_id and e2.id = d2.endpoint_id
          where d2.status in ('pending', 'failed')
            and d2.next_attempt_at <= ${now}
            and (d2.lease_token is null or d2.lease_until <= ${now})
            and e2.status = 'active'
            and not (d2.id = any(${[...inFlight.keys()]}::uuid[]))
          order by d2.next_attempt_at
          limit ${free}
          for update of d2 skip locked)
      returning d.tenant_id, d.id, d.endpoint_id, d.event_seq, d.attempts, d.lease_token,
        e.url, e.secret_ciphertext, e.previous_secret_ciphertext, e.previous_secret_expires_at`.execute(db);
    for (const claim of claimed.rows) {
      const attempt = runAttempt(claim)
        .catch((err: unknown) =>
          log.error(
            { err, deliveryId: claim.id },
            'webhook attempt could not be recorded; retried after its lease',
          ),
        )
        .finally(() => {
          inFlight.delete(claim.id);
          wake();
        });
      inFlight.set(claim.id, attempt);
    }
  }

  async function runAttempt(claim: Claim): Promise<void> {
    const startedAt = clock.now();
    const outcome = await attempt(claim, startedAt);
    if (outcome.kind === 'aborted') {
      await db
        .updateTable('webhook_deliveries')
        .set({ lease_token: null, lease_until: null })
        .where('tenant_id', '=', claim.tenant_id)
        .where('id', '=', claim.id)
        .where('lease_token', '=', claim.lease_token)
        .execute();
      return;
    }
    attempted += 1;
    await record(claim, outcome, startedAt);
  }

  async function attempt(claim: Claim, startedAt: Date): Promise<Outcome> {
    let url: URL;
    let body: string;
    let secrets: string[];
    let eventId: string;
    let eventType: string;
    try {
      const row = await db
        .selectFrom('events')
        .selectAll()
        .where('tenant_id', '=', claim.tenant_id)
        .where('seq', '=', claim.event_seq)
        .executeTakeFirstOrThrow();
      const event = toStoredEvent(row);
      body = JSON.stringify(event);
      eventId = event.id;
      eventType = event.type;
      secrets = [deps.box.open(claim.secret_ciphertext, claim.tenant_id, claim.endpoint_id)];
      if (
        claim.previous_secret_ciphertext &&
        claim.previous_secret_expires_at &&
        claim.previous_secret_expires_at > startedAt
      ) {
        try {
          secrets.push(deps.box.open(claim.previous_secret_ciphertext, claim.tenant_id, claim.endpoint_id));
        } catch {
          // An unreadable previous secret only loses the second signature.
        }
      }
      // Checked again when the delivery connects (Outbound.fetch): the name may resolve elsewhere
      // than when it was registered.
      url = new URL(claim.url);
    } catch (err) {
      return {
        kind: 'failed',
        code: null,
        latencyMs: null,
        error: err instanceof AppError ? `${err.code}: ${err.message}` : (err as Error).message,
      };
    }
    return postDelivery({
      request: deps.outbound.request,
      url,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kasir-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(body, secrets, startedAt),
        'Kasir-Event-Id': eventId,
        'Kasir-Event-Type': eventType,
        'Kasir-Delivery-Id': claim.id,
        'Kasir-Delivery-Attempt': String(claim.attempts + 1),
      },
      timeoutMs: deps.timeoutMs,
      shutdown: shutdown.signal,
    });
  }

  /** Records an attempt's outcome if we still hold the lease; may disable the endpoint. */
  async function record(claim: Claim, outcome: Exclude<Outcome, { kind: 'aborted' }>, startedAt: Date) {
    await db.transaction().execute(async (tx) => {
      // Lock order: endpoint, then delivery (as endpoint changes through the API take them).
      const endpoint = await tx
        .selectFrom('webhook_endpoints')
        .select(['status', 'failing_since'])
        .where('tenant_id', '=', claim.tenant_id)
        .where('id', '=', claim.endpoint_id)
        .forNoKeyUpdate()
        .executeTakeFirst();
      const delivery = await tx
        .selectFrom('webhook_deliveries')
        .select(['attempts', 'first_attempt_at'])
        .where('tenant_id', '=', claim.tenant_id)
        .where('id', '=', claim.id)
        .where('lease_token', '=', claim.lease_token)
        .forUpdate()
        .executeTakeFirst();
      if (!endpoint || !delivery) {
        return; // deleted meanwhile, or our lease ran out and another node took over
      }
      const now = clock.now();
      const attempts = delivery.attempts + 1;
      const firstAttemptAt = delivery.first_attempt_at ?? startedAt;
      const next =
        outcome.kind === 'ok' ? null : nextAttemptAt(attempts, firstAttemptAt, now, deps.retry, deps.random);
      await tx
        .updateTable('webhook_deliveries')
        .set({
          status: outcome.kind === 'ok' ? 'succeeded' : next ? 'failed' : 'dead',
          attempts,
          next_attempt_at: next,
          first_attempt_at: firstAttemptAt,
          last_attempt_at: startedAt,
          last_response_code: outcome.code,
          last_latency_ms: outcome.latencyMs,
          last_error: outcome.kind === 'ok' ? null : outcome.error,
          lease_token: null,
          lease_until: null,
          updated_at: now,
        })
        .where('tenant_id', '=', claim.tenant_id)
        .where('id', '=', claim.id)
        .execute();
      if (outcome.kind === 'ok') {
        if (endpoint.failing_since !== null) {
          await tx
            .updateTable('webhook_endpoints')
            .set({ failing_since: null })
            .where('tenant_id', '=', claim.tenant_id)
            .where('id', '=', claim.endpoint_id)
            .execute();
        }
        return;
      }
      if (endpoint.status !== 'active') {
        return;
      }
      const failingSince = endpoint.failing_since ?? startedAt;
      if (endpoint.failing_since === null) {
        await tx
          .updateTable('webhook_endpoints')
          .set({ failing_since: failingSince })
          .where('tenant_id', '=', claim.tenant_id)
          .where('id', '=', claim.endpoint_id)
          .execute();
      }
      if (now.getTime() - failingSince.getTime() > deps.disableAfterMs) {
        await disableFailingEndpoint(tx, claim.tenant_id, claim.endpoint_id, now);
      }
    });
  }

  /** The poll: the watched tenants, then a round for everyone. */
  async function tick(): Promise<void> {
    if (deps.databaseUrl) {
      const rows = await db.selectFrom('webhook_cursors').select('tenant_id').execute();
      watched = new Set(rows.map((r) => r.tenant_id));
    }
    wake();
  }

  const listener = deps.databaseUrl
    ? createListener({
        databaseUrl: deps.databaseUrl,
        channel: EVENTS_CHANNEL,
        name: 'kasir-webhooks',
        log,
        lostMessage: 'webhooks LISTEN connection lost; polling until it is back',
        onNotification: (payload) => {
          if (watched === null || watched.has(notificationTenant(payload))) {
            wake();
          }
        },
      })
    : undefined;

  return {
    /** Starts polling (and listening for new events). Called from the app's onReady hook. */
    async start(): Promise<void> {
      if (!deps.enabled || !stopped) {
        return;
      }
      stopped = false;
      shutdown = new AbortController();
      timer = setInterval(
        () => void tick().catch((err: unknown) => log.error({ err }, 'webhook worker poll failed')),
        deps.pollMs,
      );
      timer.unref();
      await listener
        ?.start()
        .catch((err: unknown) => log.warn({ err }, 'webhooks LISTEN failed; polling until it connects'));
      await tick().catch((err: unknown) => log.error({ err }, 'webhook worker poll failed'));
    },
    /** Stops: no new rounds; requests in flight are cut off and their leases given back. */
    async stop(): Promise<void> {
      if (stopped) {
        return;
      }
      stopped = true;
      clearInterval(timer);
      shutdown.abort();
      await running;
      await Promise.all(inFlight.values());
      await listener?.stop();
    },
    /** Tenants whose NOTIFYs wake this worker (null: not read yet, every NOTIFY does). */
    watches(tenantId: string): boolean | null {
      return watched === null ? null : watched.has(tenantId);
    },
    /** Attempts made (sent or refused before sending), in flight, and rounds run (fan-out + claim). */
    stats(): { attempted: number; inFlight: number; rounds: number } {
      return { attempted, inFlight: inFlight.size, rounds };
    },
  };
}
export type WebhookWorker = ReturnType<typeof createWebhookWorker>;
