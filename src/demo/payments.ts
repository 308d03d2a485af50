import { actorRef } from '../platform/auth/actor.ts';
import type { FastifyInstance } from 'fastify';
import type { GatewayName } from '../modules/payments/index.ts';
import { setFeeSchedule } from '../modules/payments/settlement.ts';
import { startSimulators, type Simulators } from '../simulators/index.ts';

/** The demo's revenue share: platform 2%, processing 1% (card and gateway payments), tenant the rest. */
const DEMO_FEES = { platformPpm: 20_000, processingPpm: 10_000 };

/**
 * Starts the four gateway simulators and points the demo business's gateway accounts at them, so a
 * QRIS or card sale works end to end on a laptop with no internet. Simulators keep their merchant
 * accounts in memory, so this runs at every start (fresh keys, sealed again). The fee schedule is
 * set once, when the demo business has none.
 */
export async function startDemoGateways(
  app: FastifyInstance,
  url: string,
  tenantId: string,
): Promise<Simulators> {
  const sims = await startSimulators();
  await app.db.transaction().execute(async (tx) => {
    for (const gateway of ['stripe', 'midtrans', 'razorpay', 'xendit'] as GatewayName[]) {
      // The simulators listen on 127.0.0.1, which the outbound policy refuses to tenants' URLs:
      // trust exactly their origins, nothing else on this machine.
      app.outbound.trustOrigin(sims[gateway].url);
      if (gateway === 'stripe') {
        app.browserGatewayOrigins.add(sims.stripe.url); // the phone confirms cards there (Stripe.js's part)
      }
      const creds = sims[gateway].createAccount({
        webhookUrl: `${url}/v1/payments/webhooks/${gateway}/${tenantId}`,
      });
      await app.payments.accounts.store(tx, tenantId, gateway, creds);
    }
    const fees = await tx
      .selectFrom('fee_schedules')
      .select('tenant_id')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!fees) {
      await setFeeSchedule(tx, tenantId, DEMO_FEES, actorRef({ kind: 'system', id: 'demo' }), new Date());
    }
  });
  return sims;
}

/** The lines `npm start` prints about the simulators. */
export function gatewaysBanner(sims: Simulators): string {
  return [
    '  Payment gateways (local simulators; open a page to "scan and pay" a pending QR or checkout):',
    `    Midtrans (QRIS, GoPay, ShopeePay)  ${sims.midtrans.url}/`,
    `    Xendit (QRIS)                      ${sims.xendit.url}/`,
    `    Stripe (cards, Apple/Google Pay)   ${sims.stripe.url}/`,
    `    Razorpay (UPI, cards)              ${sims.razorpay.url}/`,
    `  Revenue share: platform ${DEMO_FEES.platformPpm / 10_000}%, processing ${DEMO_FEES.processingPpm / 10_000}% (GET /v1/reports/settlement)`,
    '',
  ].join('\n');
}
