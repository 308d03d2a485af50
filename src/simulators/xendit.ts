import { randomUUID } from 'node:crypto';
import type { GatewayCredentials } from '../modules/payments/gateways/gateway.ts';
import { qrSvg } from '../modules/payments/qr.ts';
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
import {
  callbackBody,
  newAccount,
  newQr,
  paymentBody,
  qrBody,
  recordPayment,
  refreshStatus,
  settleRefund,
  SILENT_REFUND_SETTLE_MS,
  xenditError,
  type XenditAccount,
  type XenditQr,
  type XenditRefund,
} from './xendit-state.ts';

/**
 * A Xendit QR Codes API (version 2022-07-31) stand-in: `POST /qr_codes` (honouring
 * `idempotency-key`), `GET /qr_codes/{id}`, `GET /qr_codes/{id}/payments`, the test-mode
 * `POST /qr_codes/{id}/payments/simulate`, `POST /qr_codes/payments/{qrpy_id}/refunds`,
 * `GET /qr_codes/payments/{qrpy_id}/refunds[/{refund_id}]`, and callbacks authenticated by the
 * static `x-callback-token` header.
 *
 * Faithful to Xendit's QR product, which calls back only for money that moved: `qr.payment`
 * (status SUCCEEDED) when paid and `qr.refund` when a refund completes. `fail` and `expire` make the
 * QR INACTIVE without a callback — status polling reports them (the real API has no callback for
 * either). A refund answers PENDING and completes right after, with its callback (with `silent`:
 * `SILENT_REFUND_SETTLE_MS` later, without one). `outOfOrder`
 * holds a payment's callback back until after the next callback of that QR (its first refund),
 * the reordering Xendit's retries produce. Callbacks carry no timestamp, so
 * `buildNotification(ref, { tamper: 'stale' })` is the payment callback re-sent after a refund.
 */
export async function startXenditSimulator(opts: { port?: number } = {}): Promise<GatewaySimulator> {
  const accounts = new Map<string, XenditAccount>();
  const qrs = new Map<string, XenditQr>();
  const idempotent = new Map<string, SimResponse>();
  const behaviour = new BehaviourState();
  const notifier = new Notifier(behaviour, CALLBACK_NOTIFIER);

  const findQr = (id: string): XenditQr | undefined => {
    const qr = qrs.get(id) ?? [...qrs.values()].find((q) => q.payment?.id === id);
    if (qr) {
      refreshStatus(qr, new Date());
    }
    return qr;
  };

  function callback(
    qr: XenditQr,
    event: 'qr.payment' | 'qr.refund',
    data: Record<string, unknown>,
    token = qr.account.callbackToken,
  ): SimNotification | null {
    if (!qr.account.webhookUrl) {
      return null;
    }
    return {
      url: qr.account.webhookUrl,
      headers: { 'content-type': 'application/json', 'x-callback-token': token },
      body: callbackBody(qr.account, event, data, new Date()),
    };
  }

  /** Sends a callback, or holds a payment callback back when `outOfOrder`. */
  async function emit(
    qr: XenditQr,
    event: 'qr.payment' | 'qr.refund',
    data: Record<string, unknown>,
  ): Promise<void> {
    if (event === 'qr.payment' && behaviour.value.outOfOrder) {
      qr.heldBack.push({ event, data });
      return;
    }
    const list = [{ event, data }, ...qr.heldBack];
    qr.heldBack = [];
    const notifications = list.map((c) => callback(qr, c.event, c.data)).filter((n) => n !== null);
    await notifier.send(notifications);
  }

  async function pay(ref: string): Promise<void> {
    const qr = findQr(ref);
    if (!qr) {
      throw new Error(`xendit simulator: no QR code ${ref}`);
    }
    if (qr.status !== 'ACTIVE') {
      throw new Error(`xendit simulator: ${ref} is ${qr.status}`);
    }
    const payment = recordPayment(qr, new Date());
    await emit(qr, 'qr.payment', paymentBody(qr, payment));
  }

  /** `fail` and `expire` alike: the QR stops accepting payments; Xendit sends no callback. */
  async function deactivate(ref: string): Promise<void> {
    const qr = findQr(ref);
    if (!qr) {
      throw new Error(`xendit simulator: no QR code ${ref}`);
    }
    if (qr.status !== 'ACTIVE') {
      throw new Error(`xendit simulator: ${ref} is ${qr.status}`);
    }
    qr.status = 'INACTIVE';
    qr.expiresAt = new Date().toISOString();
    qr.updated = qr.expiresAt;
  }

  const server = await startSimServer(
    opts.port ?? 0,
    simRoutes({
      title: 'Xendit simulator',
      rows,
      control: (ref, action) => (action === 'pay' ? pay(ref) : deactivate(ref)),
      answers: {
        ok: (ref) => ({ status: 200, json: qrBody(findQr(ref)!) }),
        failed: (error) => ({ status: 409, json: { error } }),
      },
      api: (req) =>
        behaviour.guard(
          { status: 500, json: { status_code: '500', message: 'Simulated server error' } },
          () => route(req),
        ),
    }),
  );

  async function route(req: SimRequest): Promise<SimResponse> {
    const { method, path } = req;
    const account = accounts.get(basicAuthUser(headerValue(req.headers, 'authorization')) ?? '');
    if (!account) {
      return xenditError(401, 'INVALID_API_KEY', 'API key is not authorized for this API service');
    }
    const key = headerValue(req.headers, 'idempotency-key');
    const replayKey = key ? `${account.secretKey} ${method} ${path} ${key}` : undefined;
    const replay = replayKey ? idempotent.get(replayKey) : undefined;
    if (replay) {
      // Same key, same endpoint: the first answer again, nothing executed twice.
      return replay;
    }
    const out = await dispatch(account, req);
    if (replayKey && out.status < 500) {
      idempotent.set(replayKey, out);
    }
    return out;
  }

  async function dispatch(account: XenditAccount, req: SimRequest): Promise<SimResponse> {
    const { method, path } = req;
    if (method === 'POST' && path === '/qr_codes') {
      return createQr(account, req);
    }
    const refundPath = /^\/qr_codes\/payments\/([^/]+)\/refunds(?:\/([^/]+))?$/.exec(path);
    if (method === 'POST' && refundPath && !refundPath[2]) {
      return refund(account, decodeURIComponent(refundPath[1]!), req);
    }
    if (method === 'GET' && refundPath) {
      return getRefunds(account, decodeURIComponent(refundPath[1]!), refundPath[2]);
    }
    const m = /^\/qr_codes\/([^/]+)(\/payments(?:\/simulate)?)?$/.exec(path);
    const qr = m ? qrs.get(decodeURIComponent(m[1]!)) : undefined;
    if (qr) {
      refreshStatus(qr, new Date());
    }
    if (!m || !qr || qr.account !== account) {
      return xenditError(404, 'DATA_NOT_FOUND', 'QR code not found');
    }
    if (method === 'GET' && !m[2]) {
      return { status: 200, json: qrBody(qr) };
    }
    if (method === 'GET' && m[2] === '/payments') {
      return {
        status: 200,
        json: { data: qr.payment ? [paymentBody(qr, qr.payment)] : [], has_more: false },
      };
    }
    if (method === 'POST' && m[2] === '/payments/simulate') {
      if (qr.status !== 'ACTIVE') {
        return xenditError(400, 'INACTIVE_QR_CODE', 'QR code is inactive or expired');
      }
      const payment = recordPayment(qr, new Date());
      void emit(qr, 'qr.payment', paymentBody(qr, payment));
      return { status: 200, json: paymentBody(qr, payment) };
    }
    return xenditError(404, 'NOT_FOUND', 'Not found');
  }

  function createQr(account: XenditAccount, req: SimRequest): SimResponse {
    if (headerValue(req.headers, 'api-version') !== '2022-07-31') {
      return xenditError(400, 'API_VALIDATION_ERROR', 'This simulator speaks api-version 2022-07-31 only');
    }
    const body = parseJsonObject(req.body);
    const amount = body?.amount;
    const problems: string[] = [];
    if (
      typeof body?.reference_id !== 'string' ||
      body.reference_id.length === 0 ||
      body.reference_id.length > 255
    ) {
      problems.push('reference_id is required (at most 255 characters)');
    }
    if (body?.type !== 'DYNAMIC') {
      problems.push('type must be DYNAMIC (STATIC QR codes are not simulated)');
    }
    if (body?.currency !== 'IDR') {
      problems.push('currency must be IDR');
    }
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1 || amount > 10_000_000) {
      problems.push('amount must be a whole number from 1 to 10000000');
    }
    const now = new Date();
    const expiresAt =
      typeof body?.expires_at === 'string'
        ? new Date(body.expires_at)
        : new Date(now.getTime() + 48 * 3600_000);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt <= now) {
      problems.push('expires_at must be a future ISO 8601 timestamp');
    }
    if (problems.length > 0 || typeof amount !== 'number' || typeof body?.reference_id !== 'string') {
      return xenditError(400, 'API_VALIDATION_ERROR', problems.join('; '));
    }
    const qr = newQr(account, body.reference_id, amount, expiresAt, now);
    qrs.set(qr.id, qr);
    const outcome = behaviour.value.outcome ?? 'pending';
    const snapshot = qrBody(qr);
    if (outcome === 'succeed') {
      // Paid right after creation: the create answer still shows it ACTIVE, as it was.
      void pay(qr.id).catch(() => undefined);
    } else if (outcome === 'fail' || outcome === 'expire') {
      void deactivate(qr.id);
    }
    return { status: 201, json: snapshot };
  }

  function refund(account: XenditAccount, qrpyId: string, req: SimRequest): SimResponse {
    const qr = findQr(qrpyId);
    const payment = qr?.payment;
    if (!qr || !payment || qr.account !== account || payment.id !== qrpyId) {
      return xenditError(404, 'DATA_NOT_FOUND', 'QR payment not found');
    }
    const body = parseJsonObject(req.body) ?? {};
    const refunded = qr.refunds.filter((r) => r.status !== 'FAILED').reduce((s, r) => s + r.refund_amount, 0);
    const amount = body.amount === undefined ? qr.amount - refunded : body.amount;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
      return xenditError(400, 'API_VALIDATION_ERROR', 'amount must be a positive whole number');
    }
    if (amount > qr.amount - refunded) {
      return xenditError(
        400,
        'MAXIMUM_REFUND_AMOUNT_REACHED',
        'Refund amount exceeds the unrefunded amount of the payment',
      );
    }
    const now = new Date().toISOString();
    const entry: XenditRefund = {
      id: `qrrf_${randomUUID()}`,
      qrpy_id: payment.id,
      status: 'PENDING',
      currency: 'IDR',
      payment_amount: qr.amount,
      refund_amount: amount,
      channel_code: 'ID_DANA',
      reason: typeof body.reason === 'string' ? body.reason : 'OTHERS',
      created: now,
      updated: now,
    };
    qr.refunds.push(entry);
    const answer: SimResponse = { status: 200, json: { ...entry } };
    // The issuer confirms at once in the simulator, or SILENT_REFUND_SETTLE_MS later when silent
    // (and then without a callback: only the get-refund API tells); the callback tells the merchant.
    const settle = () => {
      settleRefund(qr, entry, new Date());
      void emit(qr, 'qr.refund', { ...entry });
    };
    if (behaviour.value.silent) {
      notifier.later(SILENT_REFUND_SETTLE_MS, settle);
    } else {
      settle();
    }
    return answer;
  }

  /** `GET /qr_codes/payments/{qrpy_id}/refunds[/{refund_id}]`: one refund, or the payment's list. */
  function getRefunds(account: XenditAccount, qrpyId: string, refundId: string | undefined): SimResponse {
    const qr = findQr(qrpyId);
    if (!qr?.payment || qr.account !== account || qr.payment.id !== qrpyId) {
      return xenditError(404, 'DATA_NOT_FOUND', 'QR payment not found');
    }
    if (refundId === undefined) {
      return { status: 200, json: { data: qr.refunds.map((r) => ({ ...r })), has_more: false } };
    }
    const found = qr.refunds.find((r) => r.id === decodeURIComponent(refundId));
    return found
      ? { status: 200, json: { ...found } }
      : xenditError(404, 'DATA_NOT_FOUND', 'Refund not found');
  }

  function rows(): Promise<SimPageRow[]> {
    return Promise.all(
      [...qrs.values()].reverse().map(async (qr) => {
        refreshStatus(qr, new Date());
        return {
          ref: qr.id,
          label: `QRIS ${qr.referenceId}`,
          amount: `IDR ${qr.amount.toLocaleString('id-ID')}`,
          status: qr.payment ? `${qr.status} · payment ${qr.payment.status}` : qr.status,
          qrSvg: await qrSvg(qr.qrString),
          actionable: qr.status === 'ACTIVE',
        };
      }),
    );
  }

  return {
    gateway: 'xendit',
    url: server.url,
    createAccount(o = {}): GatewayCredentials {
      const account = newAccount(o.webhookUrl);
      accounts.set(account.secretKey, account);
      return { baseUrl: server.url, secretKey: account.secretKey, webhookSecret: account.callbackToken };
    },
    setWebhookUrl(secretKey, url) {
      const account = accounts.get(secretKey);
      if (!account) {
        throw new Error('xendit simulator: unknown secret key');
      }
      account.webhookUrl = url;
    },
    pay,
    fail: deactivate,
    expire: deactivate,
    buildNotification(ref, o = {}) {
      const qr = findQr(ref);
      if (!qr) {
        throw new Error(`xendit simulator: no QR code ${ref}`);
      }
      const token = o.tamper === 'signature' ? `${qr.account.callbackToken}x` : qr.account.callbackToken;
      const latestRefund = qr.refunds[qr.refunds.length - 1];
      let n: SimNotification | null;
      if (o.status || o.tamper === 'stale' || !latestRefund) {
        // The payment callback (the "earlier state" once a refund happened; Xendit has no pending one).
        const payment = qr.payment ?? {
          id: `qrpy_${randomUUID()}`,
          status: 'SUCCEEDED' as const,
          created: new Date().toISOString(),
          receiptId: '0',
          source: 'DANA',
        };
        if (!qr.payment && !o.status) {
          throw new Error('xendit simulator: an unpaid QR code has no callback (pass a status)');
        }
        n = callback(qr, 'qr.payment', paymentBody(qr, payment, o.status ?? 'SUCCEEDED'), token);
      } else {
        n = callback(qr, 'qr.refund', { ...latestRefund }, token);
      }
      if (!n) {
        throw new Error('xendit simulator: the account has no callback URL');
      }
      return n;
    },
    ...simBasics(behaviour, notifier, server),
  };
}
