import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { qrisPayload } from './qris.ts';

/**
 * The Xendit simulator's in-memory model and the JSON shapes of the QR Codes API, version
 * 2022-07-31: QR code, QR payment (`qrpy_…`), QR refund (`qrrf_…`) and the callback envelope.
 */

export const API_VERSION = '2022-07-31';

export interface XenditAccount {
  secretKey: string;
  callbackToken: string;
  businessId: string;
  webhookUrl?: string;
}

export interface XenditPayment {
  id: string;
  /** SUCCEEDED when paid; VOIDED after a full refund, REFUNDED after a partial one (Xendit's words). */
  status: 'SUCCEEDED' | 'VOIDED' | 'REFUNDED';
  created: string;
  receiptId: string;
  source: string;
}

export interface XenditRefund {
  id: string;
  qrpy_id: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  currency: 'IDR';
  payment_amount: number;
  refund_amount: number;
  channel_code: string;
  reason: string;
  created: string;
  updated: string;
  refunded_at?: string;
}

export interface XenditQr {
  account: XenditAccount;
  id: string;
  referenceId: string;
  amount: number;
  status: 'ACTIVE' | 'INACTIVE';
  qrString: string;
  expiresAt: string;
  created: string;
  updated: string;
  payment?: XenditPayment;
  refunds: XenditRefund[];
  /** Callbacks held back to be sent after the next one (`outOfOrder`). */
  heldBack: Array<{ event: 'qr.payment' | 'qr.refund'; data: Record<string, unknown> }>;
}

/** A fresh account: a development secret key, a callback verification token, a business id. */
export function newAccount(webhookUrl?: string): XenditAccount {
  return {
    secretKey: `xnd_development_${randomBytes(36).toString('base64url')}`,
    callbackToken: randomBytes(36).toString('base64url'),
    businessId: randomBytes(12).toString('hex'),
    ...(webhookUrl ? { webhookUrl } : {}),
  };
}

/** A new ACTIVE dynamic QR for a validated request. */
export function newQr(
  account: XenditAccount,
  referenceId: string,
  amount: number,
  expiresAt: Date,
  now: Date,
): XenditQr {
  const id = `qr_${randomUUID()}`;
  return {
    account,
    id,
    referenceId,
    amount,
    status: 'ACTIVE',
    qrString: qrisPayload({
      acquirerGuid: 'ID.DANA.WWW',
      merchantPan: `93600915${String(randomInt(10 ** 9, 10 ** 10 - 1))}`,
      merchantId: account.businessId.slice(0, 15),
      merchantName: 'KASIR SIMULATED MERCHANT',
      city: 'JAKARTA',
      amount,
      reference: id.slice(3),
    }),
    expiresAt: expiresAt.toISOString(),
    created: now.toISOString(),
    updated: now.toISOString(),
    refunds: [],
    heldBack: [],
  };
}

/** INACTIVE once paid or past `expires_at` (Xendit expires lazily from the client's view). */
export function refreshStatus(qr: XenditQr, now: Date): void {
  if (qr.status === 'ACTIVE' && Date.parse(qr.expiresAt) <= now.getTime()) {
    qr.status = 'INACTIVE';
    qr.updated = now.toISOString();
  }
}

/** The QR code object. */
export function qrBody(qr: XenditQr): Record<string, unknown> {
  return {
    id: qr.id,
    reference_id: qr.referenceId,
    business_id: qr.account.businessId,
    type: 'DYNAMIC',
    currency: 'IDR',
    amount: qr.amount,
    channel_code: 'ID_DANA',
    status: qr.status,
    qr_string: qr.qrString,
    expires_at: qr.expiresAt,
    created: qr.created,
    updated: qr.updated,
    basket: null,
    metadata: null,
  };
}

/** The QR payment object, with `status` overridable for built notifications. */
export function paymentBody(
  qr: XenditQr,
  payment: XenditPayment,
  status: string = payment.status,
): Record<string, unknown> {
  return {
    id: payment.id,
    business_id: qr.account.businessId,
    currency: 'IDR',
    amount: qr.amount,
    status,
    created: payment.created,
    qr_id: qr.id,
    qr_string: qr.qrString,
    reference_id: qr.referenceId,
    type: 'DYNAMIC',
    channel_code: 'ID_DANA',
    expires_at: qr.expiresAt,
    description: '',
    basket: null,
    metadata: null,
    payment_detail: {
      receipt_id: payment.receiptId,
      source: payment.source,
      name: null,
      account_details: null,
    },
  };
}

/** Records a payment on an ACTIVE QR (which a dynamic QR's single payment makes INACTIVE). */
export function recordPayment(qr: XenditQr, now: Date): XenditPayment {
  const payment: XenditPayment = {
    id: `qrpy_${randomUUID()}`,
    status: 'SUCCEEDED',
    created: now.toISOString(),
    receiptId: String(randomInt(100_000_000, 999_999_999)),
    source: 'DANA',
  };
  qr.payment = payment;
  qr.status = 'INACTIVE';
  qr.updated = now.toISOString();
  return payment;
}

/** The callback body Xendit POSTs (no top-level id; `data` is the payment or refund object). */
export function callbackBody(
  account: XenditAccount,
  event: 'qr.payment' | 'qr.refund',
  data: Record<string, unknown>,
  now: Date,
): string {
  return JSON.stringify({
    event,
    api_version: API_VERSION,
    business_id: account.businessId,
    created: now.toISOString(),
    data,
  });
}

/** With `silent`, how long a refund stays PENDING before it succeeds (without a callback). */
export const SILENT_REFUND_SETTLE_MS = 20;

/**
 * The issuer confirmed the refund: SUCCEEDED, and the payment VOIDED (one refund of it all) or
 * REFUNDED (partly, or in several refunds), as Xendit words it.
 */
export function settleRefund(qr: XenditQr, refund: XenditRefund, now: Date): void {
  refund.status = 'SUCCEEDED';
  refund.refunded_at = now.toISOString();
  refund.updated = refund.refunded_at;
  if (qr.payment) {
    const done = qr.refunds.filter((r) => r.status === 'SUCCEEDED').reduce((s, r) => s + r.refund_amount, 0);
    qr.payment.status = done === qr.amount && qr.refunds.length === 1 ? 'VOIDED' : 'REFUNDED';
  }
}

/** Xendit's error body. */
export function xenditError(
  status: number,
  code: string,
  message: string,
): { status: number; json: unknown } {
  return { status, json: { error_code: code, message } };
}
