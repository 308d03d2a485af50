// Local payment gateway simulators (tests and the demo). See simulator.ts.
import type { GatewayName } from '../modules/payments/index.ts';
import { startMidtransSimulator } from './midtrans.ts';
import { startRazorpaySimulator } from './razorpay.ts';
import type { GatewaySimulator } from './simulator.ts';
import { startStripeSimulator } from './stripe.ts';
import { startXenditSimulator } from './xendit.ts';

export type { GatewaySimulator, SimBehaviour, SimNotification } from './simulator.ts';
export { startMidtransSimulator, startRazorpaySimulator, startStripeSimulator, startXenditSimulator };

export type Simulators = Record<GatewayName, GatewaySimulator> & { close(): Promise<void> };

/** Starts all four simulators on free (or the given) 127.0.0.1 ports. */
export async function startSimulators(ports: Partial<Record<GatewayName, number>> = {}): Promise<Simulators> {
  const [stripe, midtrans, razorpay, xendit] = await Promise.all([
    startStripeSimulator({ port: ports.stripe ?? 0 }),
    startMidtransSimulator({ port: ports.midtrans ?? 0 }),
    startRazorpaySimulator({ port: ports.razorpay ?? 0 }),
    startXenditSimulator({ port: ports.xendit ?? 0 }),
  ]);
  const all = { stripe, midtrans, razorpay, xendit };
  return {
    ...all,
    close: async () => {
      await Promise.all(Object.values(all).map((s) => s.close()));
    },
  };
}
