import { sql, type RawBuilder } from 'kysely';
import { appendAudit, linkParts, type AuditInput, type LinkRow } from '../audit/audit.ts';
import type { Executor, Tx } from '../db/db.ts';
import { precompiledRows } from '../db/precompiled.ts';
import { eventRows, eventValuesSql, notifySql, type EventInput, type EventRow } from '../events/events.ts';

/** The stored response of an idempotent request, written with the mutation it belongs to. */
export interface StoredResponse {
  scope: string;
  key: string;
  requestHash: string;
  method: string;
  path: string;
  status: number;
  /** JSON text, or null (a 204). */
  body: string | null;
  /**
   * `insert`: the key was not claimed before (a conflict means it was stored meanwhile — the
   * caller rolls back and replays); `update`: the row was claimed at the start of the transaction.
   */
  mode: 'insert' | 'update';
}

export interface Finish {
  tenantId: string;
  at: Date;
  events: readonly EventInput[];
  /** The events' `actor` column. */
  actor: string | null;
  audit: readonly AuditInput[];
  response?: StoredResponse;
}

/**
 * The end of every mutation, in ONE statement right before COMMIT: the tenant's events (head row,
 * log rows, NOTIFY on commit), its audit entries (head row locked, hashes chained in SQL — see
 * `linkParts` — entries and new head written) and the idempotent response. Both head rows are
 * locked by this statement and released by the COMMIT that follows: one round trip, so a tenant's
 * writes queue behind each other for as little as possible.
 *
 * Returns false when the response could not be stored because the key was stored meanwhile by a
 * concurrent request with the same key (`insert` mode): the caller must roll back and replay it.
 */
export async function finishMutation(tx: Tx, f: Finish): Promise<boolean> {
  const t = f.tenantId;
  const own = f.audit.filter((e) => e.tenantId === t);
  const others = f.audit.filter((e) => e.tenantId !== t);
  if (others.length > 0) {
    // Entries for other tenants (rare: platform actions) take the general path, first.
    await appendAudit(tx, others, f.at);
  }
  const r = f.response;
  if (f.events.length === 0 && own.length === 0 && !r) {
    return true;
  }
  const { rows: events, carried } =
    f.events.length > 0 ? eventRows(f.events, f.at) : { rows: [], carried: null };
  const audit = own.map((e) => linkParts(t, e, f.at));
  const head: Head = {
    t,
    // Only the values the statement uses: an unused one would be refused (platform/db/precompiled).
    at: events.length > 0 || audit.length > 0 ? f.at : undefined,
    actor: events.length > 0 ? f.actor : undefined,
    carried: events.length > 0 && carried !== null ? carried : undefined,
  };
  const idem: Idem[] = !r
    ? []
    : r.mode === 'insert'
      ? [
          {
            scope: r.scope,
            key: r.key,
            request_hash: r.requestHash,
            method: r.method,
            path: r.path,
            status: r.status,
            body: r.body,
          },
        ]
      : [{ scope: r.scope, key: r.key, status: r.status, body: r.body }];
  const [row] = await finishStatement(tx, [head], events, audit, idem);
  return (row?.stored ?? 0) > 0;
}

interface Head {
  t: string;
  at: Date | undefined;
  actor: string | null | undefined;
  /** The events' JSON a NOTIFY carries (platform/events `eventRows`); undefined: the tenant id alone. */
  carried: string | undefined;
}

/** The stored response: all of it for `insert` mode, the status and body for `update`. */
interface Idem {
  scope: string;
  key: string;
  request_hash?: string;
  method?: string;
  path?: string;
  status: number;
  body: string | null;
}

/**
 * The statement, built and compiled once per shape — how many events and audit entries, whether
 * the NOTIFY carries the events, which response mode (platform/db/precompiled) — then run with
 * each mutation's values.
 */
const finishStatement = precompiledRows(
  (
    tx: Executor,
    [h]: readonly Head[],
    events: readonly EventRow[],
    audit: readonly LinkRow[],
    idem: readonly Idem[],
  ) => {
    const { t, at, actor } = h!;
    const ctes: RawBuilder<unknown>[] = [];
    if (events.length > 0) {
      const n = events.length;
      ctes.push(
        sql`ev_head as (
        insert into event_heads (tenant_id, seq) values (${t}, ${n})
        on conflict (tenant_id) do update set seq = event_heads.seq + ${n}
        returning seq)`,
        sql`ev_notify as (select ${notifySql(t, sql`ev_head.seq`, h!.carried ?? null)} from ev_head)`,
        sql`ev as (
        insert into events (tenant_id, seq, id, type, version, occurred_at, topic, outlet_id, register_id,
                            order_id, station, actor, payload)
        select ${t}::uuid, ev_head.seq - ${n} + v.ord, v.id, v.type, v.version, ${at}::timestamptz, v.topic,
               v.outlet_id, v.register_id, v.order_id, v.station, ${actor}::text, v.payload
        from ev_head cross join ev_notify
        cross join (values ${eventValuesSql(events)}) as v(ord, id, type, version, topic, outlet_id, register_id, order_id, station, payload))`,
      );
    }
    if (audit.length > 0) {
      const rows = audit.map(
        (
          a,
          i,
        ) => sql`(${i + 1}::int, ${a.id}::uuid, ${a.prefix}::text, ${a.suffix}::text, ${a.actor_type}::text,
        ${a.actor_id}::text, ${a.device_id}::uuid, ${a.approval_id}::uuid, ${a.approver_id}::uuid,
        ${a.action}::text, ${a.target_type}::text, ${a.target_id}::text, ${a.before}::jsonb,
        ${a.after}::jsonb, ${a.ip}::text, ${a.request_id}::text)`,
      );
      ctes.push(
        sql`au_head as (select seq, hash from audit_heads where tenant_id = ${t} for update)`,
        sql`au_in (ord, id, prefix, suffix, actor_type, actor_id, device_id, approval_id, approver_id, action,
                 target_type, target_id, before, after, ip, request_id) as (values ${sql.join(rows)})`,
        sql`au_chain (ord, seq, prev, hash) as (
        select 0, seq, null::text, hash from au_head
        union all
        select i.ord, c.seq + 1, c.hash,
               encode(sha256(convert_to(c.hash || E'\\n' || i.prefix || (c.seq + 1)::text || i.suffix, 'UTF8')), 'hex')
        from au_chain c join au_in i on i.ord = c.ord + 1)`,
        sql`au as (
        insert into audit_log (tenant_id, seq, id, at, actor_type, actor_id, device_id, approval_id, approver_id,
                               action, target_type, target_id, before, after, ip, request_id, prev_hash, hash)
        select ${t}::uuid, c.seq, i.id, ${at}::timestamptz, i.actor_type, i.actor_id, i.device_id, i.approval_id,
               i.approver_id, i.action, i.target_type, i.target_id, i.before, i.after, i.ip, i.request_id, c.prev, c.hash
        from au_chain c join au_in i on i.ord = c.ord)`,
        sql`au_tail as (
        update audit_heads h set seq = c.seq, hash = c.hash
        from au_chain c where h.tenant_id = ${t} and c.ord = ${audit.length})`,
      );
    }
    const r = idem[0];
    if (r) {
      ctes.push(
        r.method !== undefined
          ? sql`idem as (
            insert into idempotency_keys (tenant_id, scope, key, request_hash, method, path, response_status, response_body)
            values (${t}, ${r.scope}, ${r.key}, ${r.request_hash}, ${r.method}, ${r.path}, ${r.status}, ${r.body}::jsonb)
            on conflict do nothing
            returning 1 as one)`
          : sql`idem as (
            update idempotency_keys set response_status = ${r.status}, response_body = ${r.body}::jsonb
            where tenant_id = ${t} and scope = ${r.scope} and key = ${r.key}
            returning 1 as one)`,
      );
    }
    return sql<{ stored: number }>`
    with recursive ${sql.join(ctes)}
    select ${r ? sql`(select count(*) from idem)::int` : sql`1`} as stored`;
  },
);
