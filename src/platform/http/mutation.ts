import { createHash } from 'node:crypto';
import { actorRef } from '../auth/actor.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'safe-stable-stringify';
import { appendAudit, type AuditInput } from '../audit/audit.ts';
import type { EventInput } from '../events/events.ts';
import type { Db, Executor, Tx } from '../db/db.ts';
import type { Clock } from '../clock/clock.ts';
import type { TenantId } from '../ids/ids.ts';
import {
  auditActor,
  credentialScope,
  type AuditEntry,
  type ServiceContext,
  type TenantPrincipal,
} from './context.ts';
import { AppError } from './errors.ts';
import { finishMutation } from './finish.ts';
import './fastify-types.ts';

const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/** Builds the service context for an authenticated tenant request. */
export function serviceContext(
  request: FastifyRequest,
  buffer: AuditInput[] = [],
  events: EventInput[] = [],
): ServiceContext {
  const principal = request.principal;
  if (!principal || principal.kind === 'platform') {
    throw new AppError('auth.unauthenticated', 'This route needs a tenant credential.');
  }
  return contextFor(principal, request, buffer, events);
}

function contextFor(
  principal: TenantPrincipal,
  request: FastifyRequest,
  buffer: AuditInput[],
  events: EventInput[],
): ServiceContext {
  const actor = auditActor(principal);
  const ctx: ServiceContext = {
    tenantId: principal.tenantId,
    principal,
    requestId: String(request.id),
    ip: request.ip,
    approval: null,
    emit: (event) => {
      events.push(event);
    },
    audit: (entry) => {
      buffer.push({
        ...actor,
        ip: request.ip,
        requestId: String(request.id),
        approvalId: ctx.approval?.id ?? null,
        approverId: ctx.approval?.approverId ?? null,
        ...entry,
        tenantId: entry.tenantId ?? principal.tenantId,
      });
    },
  };
  return ctx;
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${stringify(request.body ?? null) ?? ''}`)
    .digest('hex');
}

export interface MutationOptions {
  /** Status of a successful response. */
  status?: number;
  /**
   * Store the idempotent response only at the end, with the mutation (`finishMutation`), without
   * claiming the key first: no round trip for the key. A duplicate sent while the first is running
   * does the work too, then finds the key stored when it stores its own, rolls back and replays;
   * a duplicate of a committed request that fails now (its order is paid already) replays too.
   * Only for use cases whose every effect is in the database — never one that calls a gateway.
   */
  lateKey?: boolean;
}

interface KeyRow {
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

/** Replays a stored response (or 422 when the key was used for another request). */
function replay(reply: FastifyReply, stored: KeyRow, hash: string): FastifyReply {
  if (stored.request_hash !== hash) {
    throw new AppError(
      'idempotency.key_reused',
      'This Idempotency-Key was already used with a different request; use a new key for a new request.',
    );
  }
  return reply.code(stored.response_status).header('idempotent-replayed', 'true').send(stored.response_body);
}

function findKey(db: Executor, tenantId: string, scope: string, key: string): Promise<KeyRow | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('tenant_id', '=', tenantId)
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
}

/**
 * Runs one mutating use case the way every mutating route must: in one transaction, with its
 * events, audit entries and — when the request carries `Idempotency-Key` — its response stored
 * last, in one statement (`finishMutation`). Same key and body → the stored response is replayed;
 * same key, different body → 422; a concurrent duplicate blocks on the key row until the first
 * commits, then replays (or runs, if the first rolled back). See `lateKey` for when the key is
 * claimed.
 */
export async function runMutation<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  fn: (tx: Tx, ctx: ServiceContext) => Promise<T>,
  options: MutationOptions = {},
): Promise<FastifyReply> {
  const status = options.status ?? 200;
  const audit: AuditInput[] = [];
  const events: EventInput[] = [];
  const ctx = serviceContext(request, audit, events);
  const header = request.headers['idempotency-key'];
  const key =
    request.routeOptions.config.idempotency === false
      ? undefined
      : Array.isArray(header)
        ? header[0]
        : header;
  if (key !== undefined && !KEY_RE.test(key)) {
    throw new AppError(
      'idempotency.key_invalid',
      'Idempotency-Key must be 1–255 printable ASCII characters.',
    );
  }
  const late = key !== undefined && options.lateKey === true;
  const db = request.server.db;
  const scope = credentialScope(ctx.principal);
  const hash = key === undefined ? '' : requestHash(request);
  const tx = await db.startTransaction().execute();
  try {
    if (key !== undefined && !late) {
      const inserted = await tx
        .insertInto('idempotency_keys')
        .values({
          tenant_id: ctx.tenantId,
          scope,
          key,
          request_hash: hash,
          method: request.method,
          path: request.url,
          response_status: 0,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!inserted) {
        // The key was used and committed before (or by a concurrent request we just waited for).
        const stored = await findKey(tx, ctx.tenantId, scope, key);
        await tx.rollback().execute();
        return replay(reply, stored!, hash);
      }
    }
    const result = await fn(tx, ctx);
    const actor = auditActor(ctx.principal);
    const stored = await finishMutation(tx, {
      tenantId: ctx.tenantId,
      at: request.server.clock.now(),
      events,
      actor: actorRef({ kind: actor.actorType, id: actor.actorId }),
      audit,
      ...(key !== undefined
        ? {
            response: {
              scope,
              key,
              requestHash: hash,
              method: request.method,
              path: request.url,
              status,
              body: result === undefined ? null : JSON.stringify(result),
              mode: late ? 'insert' : 'update',
            },
          }
        : {}),
    });
    if (!stored) {
      // A duplicate committed while we ran: ours goes, theirs is the answer.
      await tx.rollback().execute();
      return replay(reply, (await findKey(db, ctx.tenantId, scope, key!))!, hash);
    }
    await tx.commit().execute();
    return status === 204 ? reply.code(204).send() : reply.code(status).send(result);
  } catch (err) {
    if (!tx.isCommitted && !tx.isRolledBack) {
      await tx
        .rollback()
        .execute()
        .catch(() => undefined);
    }
    if (late && !(err instanceof AppError && err.code === 'idempotency.key_reused')) {
      // A retry of a request that succeeded may fail now (the order it paid is completed): the
      // stored response is its answer.
      const stored = await findKey(db, ctx.tenantId, scope, key).catch(() => undefined);
      if (stored) {
        return replay(reply, stored, hash);
      }
    }
    throw err;
  }
}

/**
 * The same transaction + audit discipline for routes with no tenant principal yet (sign-up,
 * platform administration). No idempotency replay: these responses may carry fresh secrets.
 */
export async function runSystemMutation<T>(
  request: FastifyRequest,
  fn: (tx: Tx, audit: (entry: AuditInput) => void) => Promise<T>,
): Promise<T> {
  const entries: AuditInput[] = [];
  return request.server.db.transaction().execute(async (tx) => {
    const result = await fn(tx, (entry) =>
      entries.push({ ip: request.ip, requestId: String(request.id), ...entry }),
    );
    if (entries.length > 0) {
      await appendAudit(tx, entries, request.server.clock.now());
    }
    return result;
  });
}

/** Where a system job (gateway notification, status poller) records a tenant's events and audit. */
export interface SystemSink {
  tenantId: TenantId;
  emit(event: EventInput): void;
  audit(entry: AuditEntry): void;
}

/**
 * One transaction on a tenant's data with no caller credential (gateway notifications, the status
 * poller): events and audit entries (actor `system:<actorId>`) are appended last, like runMutation.
 */
export async function runTenantSystemMutation<T>(
  db: Db,
  clock: Clock,
  tenantId: TenantId,
  actorId: string,
  fn: (tx: Tx, sink: SystemSink) => Promise<T>,
  meta: { requestId?: string; ip?: string } = {},
): Promise<T> {
  const audit: AuditInput[] = [];
  const events: EventInput[] = [];
  const sink: SystemSink = {
    tenantId,
    emit: (event) => {
      events.push(event);
    },
    audit: (entry) => {
      audit.push({
        actorType: 'system',
        actorId,
        ip: meta.ip ?? null,
        requestId: meta.requestId ?? null,
        ...entry,
        tenantId: entry.tenantId ?? tenantId,
      });
    },
  };
  return db.transaction().execute(async (tx) => {
    const result = await fn(tx, sink);
    await finishMutation(tx, {
      tenantId,
      at: clock.now(),
      events,
      actor: actorRef({ kind: 'system', id: actorId }),
      audit,
    });
    return result;
  });
}

/**
 * One transaction of a batch request (each item of an offline sync is its own): a fresh context,
 * its events and audit entries appended last (`finishMutation`), like runMutation without a key —
 * the items carry their own idempotency (their ids).
 */
export async function runRequestTransaction<T>(
  request: FastifyRequest,
  fn: (tx: Tx, ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  const audit: AuditInput[] = [];
  const events: EventInput[] = [];
  const ctx = serviceContext(request, audit, events);
  return request.server.db.transaction().execute(async (tx) => {
    const result = await fn(tx, ctx);
    const actor = auditActor(ctx.principal);
    await finishMutation(tx, {
      tenantId: ctx.tenantId,
      at: request.server.clock.now(),
      events,
      actor: actorRef({ kind: actor.actorType, id: actor.actorId }),
      audit,
    });
    return result;
  });
}
