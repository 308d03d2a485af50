// The gateway registry: one adapter per gateway, all behind the GatewayAdapter interface.
import type { AdapterOptions, GatewayAdapter, GatewayName } from './gateway.ts';
import { createMidtransAdapter } from './midtrans.ts';
import { createRazorpayAdapter } from './razorpay.ts';
import { createStripeAdapter } from './stripe.ts';
import { createXenditAdapter } from './xendit.ts';

export type GatewayRegistry = Readonly<Record<GatewayName, GatewayAdapter>>;

export function createGatewayRegistry(options: AdapterOptions = {}): GatewayRegistry {
  return {
    stripe: createStripeAdapter(options),
    midtrans: createMidtransAdapter(options),
    razorpay: createRazorpayAdapter(options),
    xendit: createXenditAdapter(options),
  };
}

export * from './gateway.ts';
