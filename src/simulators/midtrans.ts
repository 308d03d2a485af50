import { qrPng, qrSvg } from '../modules/payments/qr.ts';
import type { GatewayCredentials } from '../modules/payments/gateways/gateway.ts';
import {
  chargeBody,
  decimalAmount,
  isTxStatus,
  midtransTime,
  newAccount,
  newTx,
  notificationBody,
  refundAnswer,
  refundedAmount,
  SILENT_REFUND_SETTLE_MS,
  statusBody,
  type MidtransAccount,
  type MidtransPaymentType,
  type MidtransRefund,
  type MidtransTx,
  type MidtransTxStatus,
} from './midtrans-state.ts';
import {
  basicAuthUser,
  BehaviourState,
  CALLBACK_NOTIFIER,
  headerValue,
  Notifier,
  parseJsonObject,
  simBasics,
  simRoutes,
  startSimServer,
  type SimRequest,
  type SimResponse,
} from './sim-kit.ts';
import type { SimPageRow } from './sim-page.ts';
import type { GatewaySimulator, SimNotification } from './simulator.ts';

/**
 * A Midtrans Core API stand-in: `POST /v2/charge` (qris, gopay, shopeepay), `GET /v2/{id}/status`,
 * `POST /v2/{id}/cancel`, `POST /v2/{id}/refund`, QR images, HTTP notifications signed with
 * SHA-512(order_id + status_code + gross_amount + server key), `X-Override-Notification`.
 * Refunds are direct ("200", done at once); with `silent` they are accepted ("201") and complete
 * `SILENT_REFUND_SETTLE_MS` later without a notification, visible only in the status `refunds[]`.
 *
 * Like Midtrans, API-level outcomes come back as HTTP 200 with a `status_code` in the body
 * ("201" pending, "401" bad key, "404" unknown, "406" duplicate order_id, "412" wrong state).
 * Midtrans notifications carry no timestamp, so `buildNotification(ref, { tamper: 'stale' })` is
 * a correctly signed notification for an earlier state (`pending`) — exactly what a delayed
 * retry of an old notification looks like. Order ids are one namespace across the simulator's
 * accounts (tests use UUIDs).
 */
export async function startMidtransSimulator(opts: { port?: number } = {}): Promise<GatewaySimulator> {
  const accounts = new Map<string, MidtransAccount>();
  const txs = new Map<string, MidtransTx>();
  const behaviour = new BehaviourState();
  const notifier = new Notifier(behaviour, CALLBACK_NOTIFIER);

  const find = (id: string): MidtransTx | undefined =>
    txs.get(id) ?? [...txs.values()].find((t) => t.transactionId === id);

  function notification(
    tx: MidtransTx,
    status: MidtransTxStatus,
    signingKey?: string,
  ): SimNotification | null {
    const url = (tx.notificationUrl ?? tx.account.webhookUrl)?.split(',')[0]?.trim();
    if (!url) {
      return null;
    }
    return {
      url,
      headers: { 'content-type': 'application/json', 'user-agent': 'Veritrans' },
      body: notificationBody(tx, status, signingKey ?? tx.account.serverKey),
    };
  }

  /**
   * The notifications for a move to the transaction's current state. With `outOfOrder`, the
   * `pending` notification of a new charge is held back and sent after the next one.
   */
  function notificationsFor(tx: MidtransTx, isNewCharge: boolean): SimNotification[] {
    const current = notification(tx, tx.status);
    if (!current) {
      return [];
    }
    if (isNewCharge && tx.status === 'pending' && behaviour.value.outOfOrder) {
      tx.heldBack.push(current);
      return [];
    }
    const out = [current, ...tx.heldBack];
    tx.heldBack = [];
    return out;
  }

  function moveTo(tx: MidtransTx, status: MidtransTxStatus): void {
    tx.status = status;
    if (status === 'settlement') {
      tx.settlementTime = midtransTime(new Date());
    }
  }

  async function transition(ref: string, to: 'settlement' | 'deny' | 'expire'): Promise<void> {
    const tx = find(ref);
    if (!tx) {
      throw new Error(`midtrans simulator: no transaction ${ref}`);
    }
    if (tx.status !== 'pending') {
      throw new Error(`midtrans simulator: ${ref} is ${tx.status}, not pending`);
    }
    moveTo(tx, to);
    await notifier.send(notificationsFor(tx, false));
  }

  const server = await startSimServer(
    opts.port ?? 0,
    simRoutes({
      title: 'Midtrans simulator',
      rows,
      control: (ref, action) =>
        transition(ref, action === 'pay' ? 'settlement' : action === 'fail' ? 'deny' : action),
      answers: {
        ok: (ref) => ({ status: 200, json: statusBody(find(ref)!) }),
        failed: (error) => ({ status: 409, json: { error } }),
      },
      api: (req) =>
        behaviour.guard(
          { status: 500, json: { status_code: '500', message: 'Simulated server error' } },
          () => route(req),
        ),
    }),
  );
  const baseUrl = server.url;

  async function route(req: SimRequest): Promise<SimResponse> {
    const { method, path } = req;
    const qr = /^\/v2\/(qris|gopay)\/([^/]+)\/qr-code$/.exec(path);
    if (method === 'GET' && qr) {
      // Midtrans serves the QR image without API auth: the URL is handed to the customer's screen.
      const tx = find(decodeURIComponent(qr[2]!));
      const text = tx?.qrString ?? (tx ? `https://gojek.link/gopay/${tx.transactionId}` : null);
      return text
        ? { status: 200, body: await qrPng(text), contentType: 'image/png' }
        : { status: 404, json: { status_code: '404', status_message: "Transaction doesn't exist." } };
    }

    const account = accounts.get(basicAuthUser(headerValue(req.headers, 'authorization')) ?? '');
    if (!account) {
      return midtransError(
        '401',
        'Access denied due to unauthorized transaction, please check client or server key',
      );
    }
    if (method === 'POST' && path === '/v2/charge') {
      return charge(account, req);
    }
    const m = /^\/v2\/([^/]+)\/(status|cancel|refund)$/.exec(path);
    const tx = m ? find(decodeURIComponent(m[1]!)) : undefined;
    if (!m || (m[2] === 'status') !== (method === 'GET')) {
      return { status: 404, json: { status_code: '404', status_message: 'Not found' } };
    }
    if (!tx || tx.account !== account) {
      return midtransError('404', "Transaction doesn't exist.");
    }
    if (m[2] === 'status') {
      return { status: 200, json: statusBody(tx) };
    }
    return m[2] === 'cancel' ? cancel(tx) : refund(tx, req);
  }

  function charge(account: MidtransAccount, req: SimRequest): SimResponse {
    const body = parseJsonObject(req.body);
    const details = body?.transaction_details as Record<string, unknown> | undefined;
    const paymentType = body?.payment_type;
    const orderId = details?.order_id;
    const gross = Number(details?.gross_amount);
    const problems: string[] = [];
    if (paymentType !== 'qris' && paymentType !== 'gopay' && paymentType !== 'shopeepay') {
      problems.push('payment_type is not supported by this simulator');
    }
    if (typeof orderId !== 'string' || orderId.length === 0 || orderId.length > 50) {
      problems.push('transaction_details.order_id is required and at most 50 characters');
    }
    if (!Number.isSafeInteger(gross) || gross < 1) {
      problems.push('transaction_details.gross_amount must be a positive whole number of rupiah');
    }
    if (problems.length > 0 || typeof orderId !== 'string') {
      return {
        status: 200,
        json: { status_code: '400', status_message: 'Validation Error', validation_messages: problems },
      };
    }
    if (txs.has(orderId)) {
      return midtransError(
        '406',
        'The request could not be completed due to a conflict with the current state of the target resource, please try again',
      );
    }
    const qris = body?.qris as Record<string, unknown> | undefined;
    const acquirer =
      paymentType === 'qris' ? (qris?.acquirer === 'airpay shopee' ? 'airpay shopee' : 'gopay') : undefined;
    const override = headerValue(req.headers, 'x-override-notification');
    const tx = newTx({
      account,
      orderId,
      paymentType: paymentType as MidtransPaymentType,
      ...(acquirer ? { acquirer } : {}),
      grossAmount: gross,
      expirySeconds: expirySeconds(body?.custom_expiry),
      ...(override ? { notificationUrl: override } : {}),
      now: new Date(),
    });
    txs.set(orderId, tx);
    const outcome = behaviour.value.outcome ?? 'pending';
    if (outcome !== 'pending') {
      moveTo(tx, outcome === 'succeed' ? 'settlement' : outcome === 'fail' ? 'deny' : 'expire');
    }
    notifier.sendLater(notificationsFor(tx, true));
    return { status: 200, json: chargeBody(tx, baseUrl) };
  }

  function cancel(tx: MidtransTx): SimResponse {
    if (tx.status === 'pending') {
      moveTo(tx, 'cancel');
      notifier.sendLater(notificationsFor(tx, false));
    } else if (tx.status !== 'cancel') {
      return midtransError('412', 'Merchant cannot modify the status of the transaction');
    }
    return { status: 200, json: { ...statusBody(tx), status_message: 'Success, transaction is canceled' } };
  }

  function refund(tx: MidtransTx, req: SimRequest): SimResponse {
    const body = parseJsonObject(req.body) ?? {};
    const key =
      typeof body.refund_key === 'string'
        ? body.refund_key
        : `auto-${tx.refunds.length + tx.pendingRefunds.length + 1}`;
    const replay = tx.refundAnswers.get(key);
    if (replay) {
      return { status: 200, json: replay };
    }
    if (tx.status !== 'settlement' && tx.status !== 'partial_refund') {
      return midtransError('412', 'Merchant cannot modify the status of the transaction');
    }
    const remaining = tx.grossAmount - refundedAmount(tx);
    const amount = body.amount === undefined ? remaining : Number(body.amount);
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > remaining) {
      return midtransError('413', 'The refund amount is more than the remaining amount of the transaction');
    }
    const entry: MidtransRefund = {
      refund_chargeback_id: 100_000 + tx.refunds.length + Math.floor(Math.random() * 800_000),
      refund_amount: decimalAmount(amount),
      created_at: midtransTime(new Date()),
      reason: typeof body.reason === 'string' ? body.reason : '',
      refund_key: key,
      refund_method: 'DIRECT',
    };
    if (!behaviour.value.silent) {
      return { status: 200, json: completeRefund(tx, entry) };
    }
    // Silent: accepted ("201") but not done, as a card refund via the bank is. It completes
    // SILENT_REFUND_SETTLE_MS later with no notification; only the status API's refunds[] shows it.
    tx.pendingRefunds.push(entry);
    const accepted = refundAnswer(tx, entry, true);
    tx.refundAnswers.set(key, accepted);
    notifier.later(SILENT_REFUND_SETTLE_MS, () => {
      tx.pendingRefunds = tx.pendingRefunds.filter((r) => r !== entry);
      completeRefund(tx, entry);
    });
    return { status: 200, json: accepted };
  }

  /** The refund is done: listed in the transaction, which is now (partially) refunded, and notified. */
  function completeRefund(tx: MidtransTx, entry: MidtransRefund): Record<string, unknown> {
    tx.refunds.push(entry);
    moveTo(tx, refundedAmount(tx, true) === tx.grossAmount ? 'refund' : 'partial_refund');
    const answer = refundAnswer(tx, entry, false);
    tx.refundAnswers.set(entry.refund_key, answer);
    notifier.sendLater(notificationsFor(tx, false));
    return answer;
  }

  function rows(): Promise<SimPageRow[]> {
    return Promise.all(
      [...txs.values()].reverse().map(async (tx) => ({
        ref: tx.orderId,
        label: `${tx.paymentType}${tx.acquirer ? ` (${tx.acquirer})` : ''}`,
        amount: `IDR ${tx.grossAmount.toLocaleString('id-ID')}`,
        status: tx.status,
        ...(tx.qrString ? { qrSvg: await qrSvg(tx.qrString) } : {}),
        actionable: tx.status === 'pending',
      })),
    );
  }

  return {
    gateway: 'midtrans',
    url: baseUrl,
    createAccount(o = {}): GatewayCredentials {
      const account = newAccount(o.webhookUrl);
      accounts.set(account.serverKey, account);
      return { baseUrl, secretKey: account.serverKey, keyId: account.clientKey };
    },
    setWebhookUrl(secretKey, url) {
      const account = accounts.get(secretKey);
      if (!account) {
        throw new Error('midtrans simulator: unknown server key');
      }
      account.webhookUrl = url;
    },
    pay: (ref) => transition(ref, 'settlement'),
    fail: (ref) => transition(ref, 'deny'),
    expire: (ref) => transition(ref, 'expire'),
    buildNotification(ref, o = {}) {
      const tx = find(ref);
      if (!tx) {
        throw new Error(`midtrans simulator: no transaction ${ref}`);
      }
      const status = o.status ?? (o.tamper === 'stale' ? 'pending' : tx.status);
      if (!isTxStatus(status)) {
        throw new Error(`midtrans simulator: unknown transaction_status ${status}`);
      }
      const key = o.tamper === 'signature' ? `${tx.account.serverKey}x` : tx.account.serverKey;
      const n = notification(tx, status, key);
      if (!n) {
        throw new Error('midtrans simulator: no notification URL for this transaction');
      }
      return n;
    },
    ...simBasics(behaviour, notifier, server),
  };
}

function midtransError(code: string, message: string): SimResponse {
  return { status: 200, json: { status_code: code, status_message: message, id: crypto.randomUUID() } };
}

/** `custom_expiry: { expiry_duration, unit }` in seconds; Midtrans's QR default is 15 minutes. */
function expirySeconds(custom: unknown): number {
  const c = custom as { expiry_duration?: unknown; unit?: unknown } | undefined;
  const n = Number(c?.expiry_duration);
  if (!Number.isSafeInteger(n) || n < 1) {
    return 15 * 60;
  }
  const unit: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400 };
  return n * (unit[String(c?.unit)] ?? 60);
}
