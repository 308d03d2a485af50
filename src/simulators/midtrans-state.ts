import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { qrisPayload } from './qris.ts';
import type { SimNotification } from './simulator.ts';

/**
 * The Midtrans simulator's in-memory model and the exact JSON shapes Midtrans Core API answers
 * and notifies with (charge, status, cancel, refund, HTTP notification).
 */

export interface MidtransAccount {
  serverKey: string;
  clientKey: string;
  merchantId: string;
  webhookUrl?: string;
}

export type MidtransPaymentType = 'qris' | 'gopay' | 'shopeepay';

export type MidtransTxStatus =
  'pending' | 'settlement' | 'deny' | 'cancel' | 'expire' | 'refund' | 'partial_refund';

export interface MidtransRefund {
  refund_chargeback_id: number;
  refund_amount: string;
  created_at: string;
  reason: string;
  refund_key: string;
  refund_method: string;
}

export interface MidtransTx {
  account: MidtransAccount;
  orderId: string;
  transactionId: string;
  paymentType: MidtransPaymentType;
  acquirer?: string;
  grossAmount: number;
  status: MidtransTxStatus;
  transactionTime: string;
  settlementTime?: string;
  expiryTime: string;
  /** From `X-Override-Notification`: where this transaction's notifications go. */
  notificationUrl?: string;
  qrString?: string;
  refunds: MidtransRefund[];
  /** Refunds accepted ("201") but not completed yet: not in the status API's `refunds`. */
  pendingRefunds: MidtransRefund[];
  /** The refund API's answer per `refund_key`, replayed for a repeated key. */
  refundAnswers: Map<string, Record<string, unknown>>;
  /** Notifications held back to be sent after a newer one (`outOfOrder`). */
  heldBack: SimNotification[];
}

/** Midtrans's `status_code` for each transaction status (as in status responses and notifications). */
export const STATUS_CODES: Record<MidtransTxStatus, string> = {
  pending: '201',
  settlement: '200',
  deny: '202',
  cancel: '200',
  expire: '407',
  refund: '200',
  partial_refund: '200',
};

/** With `silent`, how long a refund stays accepted-but-pending before it completes (no notification). */
export const SILENT_REFUND_SETTLE_MS = 20;

/** Midtrans timestamps are `YYYY-MM-DD HH:mm:ss` in Jakarta time (UTC+7, no DST). */
export function midtransTime(date: Date): string {
  return new Date(date.getTime() + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Midtrans renders every amount as a string with two decimals, even IDR. */
export function decimalAmount(amount: number): string {
  return `${amount}.00`;
}

/** A fresh merchant account with keys shaped like sandbox keys. */
export function newAccount(webhookUrl?: string): MidtransAccount {
  const key = () => randomBytes(18).toString('base64url');
  return {
    serverKey: `SB-Mid-server-${key()}`,
    clientKey: `SB-Mid-client-${key()}`,
    merchantId: `G${randomInt(100_000_000, 999_999_999)}`,
    ...(webhookUrl ? { webhookUrl } : {}),
  };
}

/** A new transaction for a validated charge. */
export function newTx(opts: {
  account: MidtransAccount;
  orderId: string;
  paymentType: MidtransPaymentType;
  acquirer?: string;
  grossAmount: number;
  expirySeconds: number;
  notificationUrl?: string;
  now: Date;
}): MidtransTx {
  const transactionId = randomUUID();
  const tx: MidtransTx = {
    account: opts.account,
    orderId: opts.orderId,
    transactionId,
    paymentType: opts.paymentType,
    grossAmount: opts.grossAmount,
    status: 'pending',
    transactionTime: midtransTime(opts.now),
    expiryTime: midtransTime(new Date(opts.now.getTime() + opts.expirySeconds * 1000)),
    refunds: [],
    pendingRefunds: [],
    refundAnswers: new Map(),
    heldBack: [],
  };
  if (opts.acquirer) {
    tx.acquirer = opts.acquirer;
  }
  if (opts.notificationUrl) {
    tx.notificationUrl = opts.notificationUrl;
  }
  if (opts.paymentType === 'qris') {
    tx.qrString = qrisPayload({
      acquirerGuid: opts.acquirer === 'airpay shopee' ? 'ID.CO.SHOPEE.WWW' : 'COM.GO-JEK.WWW',
      merchantPan: `93600914${String(randomInt(10 ** 9, 10 ** 10 - 1))}`,
      merchantId: opts.account.merchantId,
      merchantName: 'KASIR SIMULATED MERCHANT',
      city: 'JAKARTA PUSAT',
      amount: opts.grossAmount,
      reference: transactionId,
    });
  }
  return tx;
}

/** Fields every status-bearing body shares (status response, notification). */
function commonFields(tx: MidtransTx, status: MidtransTxStatus): Record<string, unknown> {
  const out: Record<string, unknown> = {
    transaction_time: tx.transactionTime,
    transaction_status: status,
    transaction_id: tx.transactionId,
    status_code: STATUS_CODES[status],
    payment_type: tx.paymentType,
    order_id: tx.orderId,
    merchant_id: tx.account.merchantId,
    gross_amount: decimalAmount(tx.grossAmount),
    fraud_status: 'accept',
    currency: 'IDR',
    expiry_time: tx.expiryTime,
  };
  if (tx.acquirer) {
    out.acquirer = tx.acquirer;
  }
  if (tx.settlementTime && status !== 'pending') {
    out.settlement_time = tx.settlementTime;
    if (tx.paymentType === 'qris') {
      out.issuer = tx.acquirer === 'airpay shopee' ? 'shopeepay' : 'gopay';
    }
  }
  if (status === 'refund' || status === 'partial_refund') {
    const refunded = tx.refunds.reduce((sum, r) => sum + Number.parseInt(r.refund_amount, 10), 0);
    out.refund_amount = decimalAmount(refunded);
    out.refunds = tx.refunds;
  }
  return out;
}

/** `GET /v2/{order_id}/status` body. */
export function statusBody(tx: MidtransTx): Record<string, unknown> {
  return { status_message: 'Success, transaction is found', ...commonFields(tx, tx.status) };
}

/** The `actions` of a charge response, pointing at this simulator. */
function actions(tx: MidtransTx, baseUrl: string): Array<{ name: string; method: string; url: string }> {
  const list: Array<{ name: string; method: string; url: string }> = [];
  if (tx.paymentType === 'qris' || tx.paymentType === 'gopay') {
    list.push({
      name: 'generate-qr-code',
      method: 'GET',
      url: `${baseUrl}/v2/${tx.paymentType}/${tx.transactionId}/qr-code`,
    });
  }
  if (tx.paymentType === 'gopay') {
    list.push({
      name: 'deeplink-redirect',
      method: 'GET',
      url: `gojek://gopay/merchanttransfer?tref=${tx.transactionId}&amount=${tx.grossAmount}&activity=GP:RR`,
    });
  }
  if (tx.paymentType === 'shopeepay') {
    list.push({
      name: 'deeplink-redirect',
      method: 'GET',
      url: `https://wsa.uat.shopee.co.id/universal-link/now-food/pay?reference=${tx.transactionId}`,
    });
  }
  if (tx.paymentType !== 'qris') {
    list.push({ name: 'get-status', method: 'GET', url: `${baseUrl}/v2/${tx.transactionId}/status` });
    list.push({ name: 'cancel', method: 'POST', url: `${baseUrl}/v2/${tx.transactionId}/cancel` });
  }
  return list;
}

const CHARGE_MESSAGES: Record<MidtransPaymentType, string> = {
  qris: 'QRIS transaction is created',
  gopay: 'GoPay transaction is created',
  shopeepay: 'ShopeePay transaction is created',
};

/** `POST /v2/charge` success body. */
export function chargeBody(tx: MidtransTx, baseUrl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    status_message: tx.status === 'pending' ? CHARGE_MESSAGES[tx.paymentType] : `Transaction is ${tx.status}`,
    ...commonFields(tx, tx.status),
    actions: actions(tx, baseUrl),
  };
  if (tx.qrString) {
    out.qr_string = tx.qrString;
  }
  return out;
}

/**
 * An HTTP notification body for `status` (the transaction's current one by default), signed with
 * `signingKey` (the server key; something else to forge one).
 */
export function notificationBody(tx: MidtransTx, status: MidtransTxStatus, signingKey: string): string {
  const fields = commonFields(tx, status);
  const signature = createHash('sha512')
    .update(`${tx.orderId}${STATUS_CODES[status]}${decimalAmount(tx.grossAmount)}${signingKey}`)
    .digest('hex');
  return JSON.stringify({
    ...fields,
    status_message: 'midtrans payment notification',
    signature_key: signature,
    transaction_type: 'on-us',
  });
}

/** Rupiah refunded, and being refunded unless `completedOnly` (a pending refund cannot be refunded twice). */
export function refundedAmount(tx: MidtransTx, completedOnly = false): number {
  const refunds = completedOnly ? tx.refunds : [...tx.refunds, ...tx.pendingRefunds];
  return refunds.reduce((sum, r) => sum + Number.parseInt(r.refund_amount, 10), 0);
}

/** `POST /v2/{order_id}/refund` answer for `refund`: approved ("200"), or accepted ("201") while pending. */
export function refundAnswer(
  tx: MidtransTx,
  refund: MidtransRefund,
  pending: boolean,
): Record<string, unknown> {
  return {
    status_code: pending ? '201' : '200',
    status_message: pending ? 'Success, refund request is received' : 'Success, refund request is approved',
    transaction_id: tx.transactionId,
    order_id: tx.orderId,
    gross_amount: decimalAmount(tx.grossAmount),
    currency: 'IDR',
    payment_type: tx.paymentType,
    transaction_time: tx.transactionTime,
    transaction_status: tx.status,
    refund_chargeback_id: refund.refund_chargeback_id,
    refund_amount: refund.refund_amount,
    refund_key: refund.refund_key,
  };
}

/** Whether `value` is one of Midtrans's transaction statuses the simulator models. */
export function isTxStatus(value: string): value is MidtransTxStatus {
  return Object.hasOwn(STATUS_CODES, value);
}
