// Public API of the webhooks module: endpoints, signed deliveries from the event log, retries.
export { createWebhooksModule, type WebhookOptions, type WebhooksDeps } from './webhooks.module.ts';
export { createWebhookWorker, type WebhookWorker } from './worker.ts';
export { verifyKasirSignature, signatureHeader, SIGNATURE_HEADER } from './signature.ts';
export { WEBHOOK_EVENT_TYPES } from './event-types.ts';
export { isPublicAddress, type Resolver } from './targets.ts';
export { resealSigningSecrets } from './secret-box.ts';
export type { WebhooksService } from './webhooks.service.ts';
