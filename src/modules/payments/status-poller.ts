import { sql } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { runTenantSystemMutation } from '../../platform/http/mutation.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import type { GatewayAccounts } from './gateway-accounts.ts';
import type { GatewayName, GatewayRegistry } from './gateways/index.ts';
import type { PaymentEffects } from './payment-effects.ts';
import { statusOutcome } from './payments.service.ts';

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

  /** One round: claims due payments and asks their gateways. Returns how many were asked. */
  async function pollOnce(): Promise<number> {
    const now = deps.clock.now();
    const due = await deps.db
      .updateTable('payments')
      .set({ last_polled_at: now })
      .where((eb) =>
        eb(
          eb.refTuple('tenant_id', 'id'),
          'in',
          eb
            .selectFrom('payments')
            .select(['tenant_id', 'id'])
            .where('method', '=', 'gateway')
            .where('status', 'in', ['pending', 'authorized'])
            .where('created_at', '<', new Date(now.getTime() - o.pollAfterMs))
            .where('created_at', '>', new Date(now.getTime() - o.giveUpAfterMs))
            .where((w) =>
              w.or([
                w('last_polled_at', 'is', null),
                w('last_polled_at', '<', new Date(now.getTime() - o.everyMs)),
              ]),
            )
            .orderBy(sql`last_polled_at nulls first`)
            .limit(o.batch)
            .forUpdate()
            .skipLocked()
            .$asTuple('tenant_id', 'id'),
        ),
      )
      .returning(['tenant_id', 'id', 'gateway', 'gateway_ref'])
      .execute();
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

  return {
    pollOnce,
    start() {
      if (timer) {
        return;
      }
      timer = setInterval(() => {
        if (!running) {
          running = pollOnce()
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
