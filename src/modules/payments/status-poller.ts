import { sql, type RawBuilder } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { runTenantSystemMutation } from '../../platform/http/mutation.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import type { GatewayAccounts } from './gateway-accounts.ts';
import type { GatewayName, GatewayRegistry } from './gateways/index.ts';
import type { PaymentEffects } from './payment-effects.ts';
import { statusOutcome } from './payments.service.ts';

/** How long a gateway notification's id is kept for de-duplication. */
export const NOTIFICATION_RETENTION_MS = 30 * 24 * 3600_000;

export interface PollerOptions {
  /** How often the poller looks for work (default 5 s). */
  tickMs?: number;
  /** Ask about a payment once it has waited this long without an outcome (default 30 s). */
  pollAfterMs?: number;
  /** And again at most this often (default 30 s). */
  everyMs?: number;
  /** Stop asking after this age (default 49 h: QRIS requests expire after 48 h). */
  giveUpAfterMs?: number;
  /** Payments per tick (default 20). */
  batch?: number;
}

/**
 * The fallback for notifications that never came: gateway payments still pending after a while are
 * asked about with the gateway's status API, and the answer goes through the same state machine as
 * a notification. Work is claimed with `FOR UPDATE SKIP LOCKED` and a `last_polled_at` stamp, so
 * several nodes share it without asking twice.
 */
export function createStatusPoller(deps: {
  db: Db;
  clock: Clock;
  gateways: GatewayRegistry;
  accounts: GatewayAccounts;
  effects: PaymentEffects;
  log: { warn(obj: object, msg: string): void };
  options?: PollerOptions;
}) {
  const o = {
    tickMs: 5000,
    pollAfterMs: 30_000,
    everyMs: 30_000,
    giveUpAfterMs: 49 * 3600_000,
    batch: 20,
    ...deps.options,
  };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  /**
   * Claims up to a batch of rows of `table` matching `open` that are due to be asked about:
   * waited `pollAfterMs`, not asked within `everyMs`, younger than `giveUpAfterMs`. The stamp is
   * written in the claiming statement, under `SKIP LOCKED`, so two nodes never take the same row.
   */
  async function claimDue<Row>(table: 'payments' | 'refunds', open: RawBuilder<unknown>): Promise<Row[]> {
    const now = deps.clock.now();
    const since = (ms: number) => new Date(now.getTime() - ms);
    const { rows } = await sql<Row>`
      update ${sql.table(table)} set last_polled_at = ${now}
      where (tenant_id, id) in (
        select tenant_id, id from ${sql.table(table)}
        where ${open}
          and created_at < ${since(o.pollAfterMs)} and created_at > ${since(o.giveUpAfterMs)}
          and (last_polled_at is null or last_polled_at < ${since(o.everyMs)})
        order by last_polled_at nulls first
        limit ${o.batch}
        for update skip locked)
      returning *`.execute(deps.db);
    return rows;
  }

  /** One round: claims due payments and refunds and asks their gateways. Returns how many were asked. */
  async function pollOnce(): Promise<number> {
    return (await pollPayments()) + (await pollRefunds());
  }

  /** Gateway refunds still pending (their notification may never come): asked about the same way. */
  async function pollRefunds(): Promise<number> {
    const due = await claimDue<{
      tenant_id: string;
      id: string;
      payment_id: string;
      gateway_refund_ref: string | null;
    }>('refunds', sql`status = 'pending' and gateway_refund_ref is not null`);
    for (const r of due) {
      try {
        const payment = await deps.db
          .selectFrom('payments')
          .select(['gateway', 'gateway_ref', 'gateway_payment_id'])
          .where('tenant_id', '=', r.tenant_id)
          .where('id', '=', r.payment_id)
          .executeTakeFirstOrThrow();
        const gateway = payment.gateway as GatewayName | null;
        if (!gateway || !payment.gateway_ref || !r.gateway_refund_ref) {
          continue;
        }
        const creds = await deps.accounts.credentials(deps.db, r.tenant_id, gateway, {
          includeDisabled: true,
        });
        if (!creds) {
          continue;
        }
        const s = await deps.gateways[gateway].getRefundStatus(creds, {
          ref: payment.gateway_ref,
          ...(payment.gateway_payment_id ? { gatewayPaymentId: payment.gateway_payment_id } : {}),
          refundRef: r.gateway_refund_ref,
          refundId: r.id,
        });
        if (s.status === 'pending') {
          continue;
        }
        await runTenantSystemMutation(
          deps.db,
          deps.clock,
          r.tenant_id as TenantId,
          'status-poller',
          (tx, sink) =>
            s.status === 'completed'
              ? deps.effects.completeRefund(tx, sink, r.id, {
                  gatewayStatus: s.gatewayStatus,
                  source: 'poll',
                })
              : deps.effects.failRefund(tx, sink, r.id, {
                  gatewayStatus: s.gatewayStatus,
                  reason: `${gateway} reports the refund ${s.gatewayStatus}`,
                  source: 'poll',
                }),
        );
      } catch (err) {
        deps.log.warn({ err, refundId: r.id }, 'refund status poll failed');
      }
    }
    return due.length;
  }

  async function pollPayments(): Promise<number> {
    const due = await claimDue<{
      tenant_id: string;
      id: string;
      gateway: string | null;
      gateway_ref: string | null;
    }>('payments', sql`method = 'gateway' and status in ('pending', 'authorized')`);
    for (const p of due) {
      if (!p.gateway || !p.gateway_ref) {
        continue;
      }
      const gateway = p.gateway as GatewayName;
      try {
        const creds = await deps.accounts.credentials(deps.db, p.tenant_id, gateway, {
          includeDisabled: true,
        });
        if (!creds) {
          continue;
        }
        const s = await deps.gateways[gateway].getStatus(creds, p.gateway_ref);
        if (s.status === 'pending') {
          continue;
        }
        await runTenantSystemMutation(
          deps.db,
          deps.clock,
          p.tenant_id as TenantId,
          'status-poller',
          (tx, sink) => deps.effects.settle(tx, sink, p.id, { ...statusOutcome(s), source: 'poll' }),
        );
      } catch (err) {
        deps.log.warn({ err, paymentId: p.id, gateway }, 'payment status poll failed');
      }
    }
    return due.length;
  }

  /**
   * Forgets gateway notification ids after 30 days: gateways stop redelivering after a few days
   * (Stripe 3, Xendit 1), so a repeat older than that cannot come. Batched, no long locks.
   */
  async function pruneNotifications(batch = 5000): Promise<number> {
    const cutoff = new Date(deps.clock.now().getTime() - NOTIFICATION_RETENTION_MS);
    const { numAffectedRows } = await sql`
      delete from gateway_notifications where ctid in (
        select ctid from gateway_notifications where received_at < ${cutoff} limit ${batch})`.execute(
      deps.db,
    );
    return Number(numAffectedRows ?? 0n);
  }

  let lastPrune = 0;
  async function tick(): Promise<number> {
    const asked = await pollOnce();
    if (deps.clock.now().getTime() - lastPrune > 3600_000) {
      lastPrune = deps.clock.now().getTime();
      await pruneNotifications();
    }
    return asked;
  }

  return {
    pollOnce,
    pruneNotifications,
    start() {
      if (timer) {
        return;
      }
      timer = setInterval(() => {
        if (!running) {
          running = tick()
            .catch((err: unknown) => {
              deps.log.warn({ err }, 'payment status poller failed');
              return 0;
            })
            .finally(() => {
              running = null;
            });
        }
      }, o.tickMs);
      timer.unref();
    },
    async stop() {
      if (timer) {
        clearInterval(timer);
        timer = null;
      }
      await running;
    },
  };
}
export type StatusPoller = ReturnType<typeof createStatusPoller>;
