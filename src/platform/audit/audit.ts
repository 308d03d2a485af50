import { randomUUID } from 'node:crypto';
import type { ActorKind } from '../auth/actor.ts';
import { stringify } from 'safe-stable-stringify';
import type { Executor, Tx } from '../db/db.ts';
import { sha256Hex } from '../crypto/secrets.ts';
import { newId, type TenantId } from '../ids/ids.ts';

/** One audit entry as a use case records it. */
export interface AuditInput {
  tenantId: TenantId;
  actorType: ActorKind;
  actorId: string | null;
  deviceId?: string | null;
  approvalId?: string | null;
  approverId?: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  requestId?: string | null;
}

/** The first link of every tenant's chain. */
export function genesisHash(tenantId: string): string {
  return sha256Hex(`kasir-audit-genesis:${tenantId}`);
}

interface ChainFields {
  tenant_id: string;
  seq: string;
  id: string;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  device_id: string | null;
  approval_id: string | null;
  approver_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
}

/** hash = SHA-256(prev_hash + "\n" + canonical JSON of every field), keys sorted. */
export function linkHash(prevHash: string, row: ChainFields): string {
  return sha256Hex(`${prevHash}\n${canonicalFields(row)}`);
}

/** The chained fields (only those: a stored row has more columns) as canonical JSON. */
function canonicalFields(row: ChainFields): string {
  const fields: Record<keyof ChainFields, unknown> = {
    tenant_id: row.tenant_id,
    seq: String(row.seq),
    id: row.id,
    at: row.at.toISOString(),
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    device_id: row.device_id,
    approval_id: row.approval_id,
    approver_id: row.approver_id,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    before: row.before,
    after: row.after,
    ip: row.ip,
    request_id: row.request_id,
  };
  return stringify(fields);
}

/**
 * An entry split around its sequence number, for appending it in SQL: the link's hash is
 * SHA-256(prev_hash + "\n" + prefix + seq + suffix), the same text `linkHash` hashes once the
 * head is known. So the head can be locked, the hashes chained and the entries written in one
 * statement (platform/http/finish.ts) — the lock held for one round trip, not three.
 */
export function linkParts(tenantId: string, e: AuditInput, at: Date): LinkRow {
  const marker = `#seq-${randomUUID()}#`;
  const fields = chainFields(tenantId, marker, e, at);
  const canonical = canonicalFields(fields);
  // The marker is random: it occurs once, as the value of "seq".
  const at_ = canonical.indexOf(`"seq":"${marker}"`) + '"seq":"'.length;
  const { tenant_id: _tenant, seq: _seq, at: _at, before, after, ...stored } = fields;
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  return {
    ...stored,
    before: json(before),
    after: json(after),
    prefix: canonical.slice(0, at_),
    suffix: canonical.slice(at_ + marker.length),
  };
}

/**
 * An entry as `finishMutation` chains it in SQL: the fields it stores (JSON as text; the tenant,
 * seq and time are the statement's) and the canonical text before and after its seq.
 */
export type LinkRow = Omit<ChainFields, 'tenant_id' | 'seq' | 'at' | 'before' | 'after'> & {
  before: string | null;
  after: string | null;
  prefix: string;
  suffix: string;
};

/** The fields of one chain link, as they are stored and hashed. */
function chainFields(tenantId: string, seq: string, e: AuditInput, at: Date): ChainFields {
  return {
    tenant_id: tenantId,
    seq,
    id: newId(),
    at,
    actor_type: e.actorType,
    actor_id: e.actorId,
    device_id: e.deviceId ?? null,
    approval_id: e.approvalId ?? null,
    approver_id: e.approverId ?? null,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    before: normaliseJson(e.before),
    after: normaliseJson(e.after),
    ip: e.ip ?? null,
    request_id: e.requestId ?? null,
  };
}

/** Creates the chain head for a new tenant (inside the sign-up transaction). */
export async function initAuditChain(tx: Tx, tenantId: TenantId): Promise<void> {
  await tx
    .insertInto('audit_heads')
    .values({ tenant_id: tenantId, seq: 0, hash: genesisHash(tenantId) })
    .execute();
}

/** JSON values as jsonb will return them (so the hash verifies after a round trip). */
function normaliseJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * Appends entries to their tenants' chains. Locks each tenant's head row, so call it last in the
 * transaction: appends of one tenant are serialised and chained in commit order.
 */
export async function appendAudit(tx: Tx, entries: readonly AuditInput[], at: Date): Promise<void> {
  const byTenant = new Map<string, AuditInput[]>();
  for (const e of entries) {
    byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
  }
  for (const tenantId of [...byTenant.keys()].sort()) {
    const list = byTenant.get(tenantId)!;
    const head = await tx
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('tenant_id', '=', tenantId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    let seq = BigInt(head.seq);
    let prev = head.hash;
    const rows = list.map((e) => {
      seq += 1n;
      const fields = chainFields(tenantId, seq.toString(), e, at);
      const hash = linkHash(prev, fields);
      const row = {
        ...fields,
        before: fields.before === null ? null : JSON.stringify(fields.before),
        after: fields.after === null ? null : JSON.stringify(fields.after),
        prev_hash: prev,
        hash,
      };
      prev = hash;
      return row;
    });
    // The entries and the new head in one statement (one round trip).
    await tx
      .with('appended', (q) => q.insertInto('audit_log').values(rows))
      .updateTable('audit_heads')
      .set({ seq: seq.toString(), hash: prev })
      .where('tenant_id', '=', tenantId)
      .execute();
  }
}

export interface ChainVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose link does not verify, and why. */
  firstBroken: { seq: string; reason: string } | null;
}

/** Recomputes a tenant's whole chain and reports the first broken link. */
export async function verifyAuditChain(db: Executor, tenantId: string): Promise<ChainVerification> {
  let prev = genesisHash(tenantId);
  let expectedSeq = 1n;
  let count = 0;
  let after = '0';
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1000)
      .execute();
    for (const row of page) {
      const broken = (reason: string): ChainVerification => ({
        ok: false,
        entries: count,
        firstBroken: { seq: row.seq, reason },
      });
      if (BigInt(row.seq) !== expectedSeq) {
        return broken(`expected entry ${expectedSeq}, found ${row.seq} (entries removed)`);
      }
      if (row.prev_hash !== prev) {
        return broken('prev_hash does not match the previous entry');
      }
      if (linkHash(prev, row) !== row.hash) {
        return broken('entry content does not match its hash (entry altered)');
      }
      prev = row.hash;
      expectedSeq += 1n;
      count += 1;
    }
    if (page.length < 1000) {
      break;
    }
    after = page[page.length - 1]!.seq;
  }
  const head = await db
    .selectFrom('audit_heads')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (head && (head.hash !== prev || BigInt(head.seq) !== expectedSeq - 1n)) {
    return {
      ok: false,
      entries: count,
      firstBroken: {
        seq: head.seq,
        reason: 'chain head does not match the last entry (entries removed at the end)',
      },
    };
  }
  return { ok: true, entries: count, firstBroken: null };
}
