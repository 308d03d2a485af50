// Public API of the payments module: tenders, gateways, refunds, revenue share.
export { createPaymentsModule, type Payments, type PaymentsOptions } from './payments.module.ts';
export { PAYMENT_EVENT_TYPES, type PaymentEventType } from './payments.events.ts';
export { PAYMENT_TRANSITIONS, assertPaymentTransition, type PaymentStatus } from './payment-state.ts';
export { splitFees, feeReversal, type FeeSchedule } from './fees.ts';
export { GATEWAY_NAMES, type GatewayName, type GatewayCredentials } from './gateways/index.ts';
export { CreatePaymentBody, PaymentSchema } from './payments.contracts.ts';
export type { PaymentsService } from './payments.service.ts';
export type { NewOrderTerms } from './payments.repo.ts';
export { resealGatewayCredentials } from './gateway-accounts.ts';
export { qrPng, qrSvg } from './qr.ts';
