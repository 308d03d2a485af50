// Public API of the qr module: table codes, the customer's menu and orders, tracking.
export { createQrModule, type QrOptions } from './qr.module.ts';
export { QR_EVENT_TYPES } from './qr-orders.service.ts';
