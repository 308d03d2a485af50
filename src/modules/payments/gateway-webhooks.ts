import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { AppError } from '../../platform/http/errors.ts';
import { runTenantSystemMutation } from '../../platform/http/mutation.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import type { GatewayAccounts } from './gateway-accounts.ts';
import {
  GatewayWebhookError,
  type GatewayName,
  type GatewayNotification,
  type GatewayRegistry,
} from './gateways/index.ts';
import type { PaymentEffects } from './payment-effects.ts';
import * as repo from './payments.repo.ts';
import { paymentAlert } from './payments.events.ts';
import { gatewayFailure, statusOutcome } from './payments.service.ts';
import type { GatewayLog } from './gateway-payments.service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REJECTION_CODES = {
  signature_missing: 'payments.webhook_signature_missing',
  signature_invalid: 'payments.webhook_signature_invalid',
  timestamp_stale: 'payments.webhook_timestamp_stale',
  malformed: 'payments.webhook_malformed',
} as const;

export type WebhookOutcome = 'applied' | 'duplicate' | 'stale' | 'same_state' | 'ignored' | 'amount_mismatch';

/**
 * Incoming gateway notifications. Verified on the raw bytes with the gateway's own scheme before
 * anything is read; de-duplicated by the gateway's event id (recorded in the same transaction as
 * the change, so a crash in between replays cleanly); applied through the payment state machine,
 * so any arrival order gives the same end state. A notification for a payment we do not know
 * (yet — it may be committing right now) is a 404, so the gateway retries it later.
 */
export function createGatewayWebhooks(deps: {
  db: Db;
  clock: Clock;
  gateways: GatewayRegistry;
  accounts: GatewayAccounts;
  effects: PaymentEffects;
  log: GatewayLog;
}) {
  const { db, clock, gateways, accounts, effects } = deps;

  function verify(
    gateway: GatewayName,
    creds: Parameters<GatewayRegistry[GatewayName]['parseWebhook']>[0],
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer,
  ): GatewayNotification {
    try {
      return gateways[gateway].parseWebhook(creds, { headers, rawBody, now: clock.now() });
    } catch (err) {
      if (err instanceof GatewayWebhookError) {
        throw new AppError(REJECTION_CODES[err.reason], err.message);
      }
      throw err;
    }
  }

  async function findPayment(tenantId: string, gateway: GatewayName, ref: string, paymentId?: string) {
    const byRef = await repo.findPaymentByRef(db, tenantId, gateway, ref);
    if (byRef) {
      return byRef;
    }
    if (paymentId && UUID.test(paymentId)) {
      const row = await repo.getPaymentRow(db, tenantId, paymentId).catch(() => null);
      // Only a payment made at this gateway, and not one the gateway knows under another ref.
      if (row && row.gateway === gateway && (row.gateway_ref === null || row.gateway_ref === ref)) {
        return row;
      }
    }
    throw new AppError('payments.not_found', 'No payment of this tenant matches the notification.');
  }

  return {
    async receive(
      gateway: GatewayName,
      tenantId: TenantId,
      headers: Record<string, string | string[] | undefined>,
      rawBody: Buffer,
      meta: { requestId: string; ip: string },
    ): Promise<{ outcome: WebhookOutcome; eventId: string }> {
      const creds = await accounts.credentials(db, tenantId, gateway, { includeDisabled: true });
      if (!creds) {
        throw new AppError('payment_gateways.not_found', `No ${gateway} account is configured here.`);
      }
      const n = verify(gateway, creds, headers, rawBody);
      if (n.kind === 'ignored') {
        const fresh = await runTenantSystemMutation(db, clock, tenantId, `gateway:${gateway}`, async (tx) => {
          const claimed = await repo.claimNotification(
            tx,
            tenantId,
            gateway,
            n.eventId,
            n.type.slice(0, 100),
            null,
            null,
          );
          if (claimed) {
            await repo.setNotificationOutcome(tx, tenantId, gateway, n.eventId, 'ignored');
          }
          return claimed;
        });
        return { outcome: fresh ? 'ignored' : 'duplicate', eventId: n.eventId };
      }
      if (n.kind === 'refund') {
        // Refunds are found by the gateway's refund id (or ours, when it echoes it back): some
        // gateways name the payment by an id we never stored (Xendit's qrpy_, Stripe's charge).
        const refund =
          (await repo.findRefundByRef(db, tenantId, n.refundRef)) ??
          (n.refundId && UUID.test(n.refundId)
            ? await repo.getRefundRow(db, tenantId, n.refundId).catch(() => undefined)
            : undefined);
        const payment = refund ? await repo.getPaymentRow(db, tenantId, refund.payment_id) : undefined;
        if (!refund || !payment || payment.gateway !== gateway) {
          throw new AppError('refunds.not_found', 'No refund of this tenant matches the notification.');
        }
        return runTenantSystemMutation(
          db,
          clock,
          tenantId,
          `gateway:${gateway}`,
          async (tx, sink) => {
            if (
              !(await repo.claimNotification(
                tx,
                tenantId,
                gateway,
                n.eventId,
                'refund',
                payment.id,
                refund.id,
              ))
            ) {
              return { outcome: 'duplicate' as const, eventId: n.eventId };
            }
            const changed =
              n.status === 'completed'
                ? await effects.completeRefund(tx, sink, refund.id, {
                    gatewayStatus: n.gatewayStatus,
                    refundRef: n.refundRef,
                    source: 'webhook',
                  })
                : n.status === 'failed'
                  ? await effects.failRefund(tx, sink, refund.id, {
                      gatewayStatus: n.gatewayStatus,
                      reason: `${gateway} reports the refund ${n.gatewayStatus}`,
                      source: 'webhook',
                    })
                  : false;
            const outcome: WebhookOutcome = changed ? 'applied' : 'stale';
            await repo.setNotificationOutcome(tx, tenantId, gateway, n.eventId, outcome);
            return { outcome, eventId: n.eventId };
          },
          meta,
        );
      }
      const payment = await findPayment(tenantId, gateway, n.ref, n.paymentId);
      // Gateways that advise it (Midtrans): trust the status API, not the notification's claim.
      let outcome = {
        status: n.status,
        gatewayStatus: n.gatewayStatus,
        ...(n.gatewayPaymentId ? { gatewayPaymentId: n.gatewayPaymentId } : {}),
        ...(n.cardBrand ? { cardBrand: n.cardBrand } : {}),
        ...(n.cardLast4 ? { cardLast4: n.cardLast4 } : {}),
        ...(n.failureReason ? { failureReason: n.failureReason } : {}),
      };
      let amount = n.amount;
      if (gateways[gateway].confirmNotificationsWithStatusApi && payment.gateway_ref) {
        const s = await gateways[gateway]
          .getStatus(creds, payment.gateway_ref)
          .catch(gatewayFailure(deps.log, { requestId: meta.requestId, tenantId }));
        outcome = statusOutcome(s);
        amount = s.amount ?? amount;
      }
      const expected = Number(payment.amount) + Number(payment.rounding) + Number(payment.tip_amount);
      return runTenantSystemMutation(
        db,
        clock,
        tenantId,
        `gateway:${gateway}`,
        async (tx, sink) => {
          if (
            !(await repo.claimNotification(tx, tenantId, gateway, n.eventId, 'payment', payment.id, null))
          ) {
            return { outcome: 'duplicate' as const, eventId: n.eventId };
          }
          let result: WebhookOutcome;
          if (outcome.status === 'completed' && amount !== undefined && amount !== expected) {
            // Signed, but not what we asked for: never complete a payment on a different amount.
            sink.emit(
              paymentAlert(
                payment,
                'payment.amount_mismatch',
                `${gateway} reports ${amount} paid for payment ${payment.id}, which asked for ${expected}.`,
              ),
            );
            result = 'amount_mismatch';
          } else {
            const settled = await effects.settle(tx, sink, payment.id, { ...outcome, source: 'webhook' });
            result = settled.applied ? 'applied' : settled.reason;
          }
          await repo.setNotificationOutcome(tx, tenantId, gateway, n.eventId, result);
          return { outcome: result, eventId: n.eventId };
        },
        meta,
      );
    },
  };
}
export type GatewayWebhooks = ReturnType<typeof createGatewayWebhooks>;
