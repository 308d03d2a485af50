import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import {
  cashIncrement,
  quickCashTenders,
  roundUpToIncrement,
  settlementDue,
  type TenderIncrements,
} from '../../platform/money/tender.ts';
import { exceedsMaxAmount, MAX_AMOUNT } from '../../platform/money/money.ts';
import { assertOutletAccess } from '../identity/index.ts';
import { currentPayable, findOrderForMoney, type PayableOrder } from '../orders/index.ts';
import { getPracticalIncrement, practicalIncrementOf } from '../tenancy/index.ts';
import {
  createGatewayPaymentOps,
  insertCashPayment,
  insertPayment,
  type PaymentsDeps,
} from './gateway-payments.service.ts';
import type { CreatePaymentInput } from './payments.contracts.ts';
import { splitFees } from './fees.ts';
import { paymentDto, type PaymentDto } from './payment-view.ts';
import * as repo from './payments.repo.ts';
import { qrPng, qrSvg } from './qr.ts';

export type { CreatePaymentInput } from './payments.contracts.ts';

export { gatewayFailure, statusOutcome } from './gateway-payments.service.ts';

export type { PaymentsDeps } from './gateway-payments.service.ts';

/** Taking payments: cash, card on an external terminal, and gateway payments (QRIS, e-wallets, cards). */
export function createPaymentsService(deps: PaymentsDeps) {
  const { clock, effects } = deps;

  async function get(db: Executor, ctx: ServiceContext, id: string): Promise<PaymentDto> {
    const row = await repo.getPaymentRow(db, ctx.tenantId, id);
    assertOutletAccess(ctx, row.outlet_id);
    return paymentDto(row);
  }

  /** The increments tenders round to on this order: the tenant's practical one, the order's cash one. */
  async function incrementsOf(
    db: Executor,
    tenantId: string,
    order: PayableOrder,
  ): Promise<TenderIncrements> {
    return { practical: await getPracticalIncrement(db, tenantId), cash: order.cashRoundingIncrement };
  }

  /**
   * Checks the order takes money and works out what this payment may apply. An amount above the
   * balance but within its rounding up to the practical increment (the last part of a split:
   * whole rupiah for a balance with sen) settles the balance.
   */
  function payable(
    ctx: ServiceContext,
    order: PayableOrder,
    amount: number | undefined,
    /** Read with the order's lock (`lockOrderWithTerms`), or with a new order's sale setup. */
    terms: repo.PaymentTerms,
  ) {
    assertOutletAccess(ctx, order.outletId);
    if (order.status !== 'open' && order.status !== 'sent') {
      throw new AppError('payments.order_not_payable', `A ${order.status} order takes no payments.`);
    }
    const inc: TenderIncrements = {
      practical: practicalIncrementOf(terms.tenant),
      cash: order.cashRoundingIncrement,
    };
    const available = order.balance - terms.reserved;
    if (available <= 0) {
      throw new AppError('payments.nothing_to_pay', 'The order has no balance left to pay.', {
        balanceAmount: order.balance,
      });
    }
    if (amount !== undefined && amount > roundUpToIncrement(available, inc.practical)) {
      throw new AppError(
        'payments.amount_exceeds_balance',
        'The payment is more than the balance left to pay.',
        {
          amount,
          available,
        },
      );
    }
    return { available, fees: terms.fees, inc };
  }

  /**
   * Card and gateway: a part payment is exact; one that settles the balance applies it exactly and
   * asks for it rounded up to the practical increment (a rupiah balance with sen → whole rupiah,
   * which Midtrans and Xendit take); the difference is the payment's rounding.
   */
  function nonCashFigures(amount: number | undefined, available: number, inc: TenderIncrements) {
    if (amount !== undefined && amount < available) {
      return { amount, rounding: 0 };
    }
    return { amount: available, rounding: settlementDue(available, 'card', inc) - available };
  }

  /**
   * What the customer is charged (amount + tip) and the order's tips with this one stay within
   * MAX_AMOUNT: 422 `payments.amount_too_large` rather than a sum the ledger cannot post exactly.
   */
  function assertWithinMaxAmount(order: PayableOrder, amount: number, tip: number): void {
    for (const [field, sum] of [
      ['amount + tipAmount', amount + tip],
      ['tips on the order', order.tip + tip],
    ] as const) {
      if (exceedsMaxAmount(sum)) {
        throw new AppError('payments.amount_too_large', `${field} is more than the largest amount allowed.`, {
          field: 'tipAmount',
          max: MAX_AMOUNT,
        });
      }
    }
  }

  function cashFigures(input: CreatePaymentInput, inc: TenderIncrements, available: number) {
    if (input.tendered === undefined) {
      throw new AppError('payments.invalid', 'A cash payment needs the amount tendered.', {
        field: 'tendered',
      });
    }
    if (input.tipAmount) {
      throw new AppError('payments.invalid', 'Tips are taken on card and e-wallet payments.', {
        field: 'tipAmount',
      });
    }
    // Settling the whole balance in cash rounds it to the cash increment (or, without one, to the
    // practical increment); a part payment is exact.
    const settleDue = settlementDue(available, 'cash', inc);
    const settles = input.amount === undefined ? input.tendered >= settleDue : input.amount >= available;
    if (settles) {
      if (input.tendered < settleDue) {
        throw new AppError('payments.tendered_insufficient', 'Less cash was tendered than is due.', {
          due: settleDue,
          tendered: input.tendered,
        });
      }
      return {
        amount: available,
        rounding: settleDue - available,
        tendered: input.tendered,
        change: input.tendered - settleDue,
      };
    }
    if (input.amount === undefined && input.tendered >= available) {
      // Enough for the exact balance but short of the cash-rounded due: not a part payment.
      throw new AppError('payments.tendered_insufficient', 'Less cash was tendered than is due.', {
        due: settleDue,
        tendered: input.tendered,
      });
    }
    const amount = input.amount ?? input.tendered;
    if (amount <= 0) {
      throw new AppError('payments.invalid', 'Tender an amount greater than zero.', { field: 'tendered' });
    }
    if (input.tendered < amount) {
      throw new AppError('payments.tendered_insufficient', 'Less cash was tendered than the amount.', {
        due: amount,
        tendered: input.tendered,
      });
    }
    return { amount, rounding: 0, tendered: input.tendered, change: input.tendered - amount };
  }

  const gatewayOps = createGatewayPaymentOps(deps);

  /**
   * Takes a payment on an order. Cash and card complete at once; a gateway payment is created at
   * the gateway (our payment id is its idempotency key) and completes when the gateway says so.
   * The order is locked throughout, so two payments never both take the same balance. Returns the
   * payment and, when it completed, the order's header after it.
   */
  async function take(
    tx: Tx,
    ctx: ServiceContext,
    orderId: string,
    input: CreatePaymentInput,
    o: {
      /** An offline sale's receipt number (sync): the completion this payment asks for uses it. */
      presetReceiptNumber?: number;
      /**
       * The order as this transaction created it (a sale): no one else can have changed it. A
       * staged one (not inserted until its completion) is paid as its earlier tenders left it.
       */
      created?: { order: PayableOrder; terms: repo.NewOrderTerms };
    } = {},
  ) {
    const { presetReceiptNumber } = o;
    // A new order has no payments yet (nothing reserved); its terms came with its sale's setup.
    const { order, terms } =
      o.created?.order.id === orderId
        ? { order: currentPayable(o.created.order), terms: { ...o.created.terms, reserved: 0 } }
        : await repo.lockOrderWithTerms(tx, ctx.tenantId, orderId);
    const { available, fees, inc } = payable(ctx, order, input.amount, terms);
    assertWithinMaxAmount(order, input.amount ?? available, input.tipAmount ?? 0);
    const id = input.id ?? newId();
    if (input.method === 'gateway') {
      const settled = await gatewayOps.charge(
        tx,
        ctx,
        order,
        input,
        id,
        nonCashFigures(input.amount, available, inc),
      );
      const payment = settled?.payment ?? (await repo.getPaymentRow(tx, ctx.tenantId, id));
      return { payment: paymentDto(payment), order: settled?.applied ? settled.order : null };
    }
    // Cash and card settle at once: the payment is stored completed (with its fees) and recorded.
    let values;
    if (input.method === 'cash') {
      const cash = cashFigures(input, inc, available);
      values = {
        method: 'cash' as const,
        amount: cash.amount,
        tendered: cash.tendered,
        change_given: cash.change,
        rounding: cash.rounding,
      };
    } else {
      if (!input.card) {
        throw new AppError('payments.invalid', 'A card payment records the card brand and last 4 digits.', {
          field: 'card',
        });
      }
      const card = nonCashFigures(input.amount, available, inc);
      values = {
        method: 'card' as const,
        amount: card.amount,
        rounding: card.rounding,
        tip_amount: input.tipAmount ?? 0,
        card_brand: input.card.brand,
        card_last4: input.card.last4,
        approval_code: input.card.approvalCode ?? null,
      };
    }
    const now = clock.now();
    const split = splitFees(values.amount, fees, input.method);
    const completedAs = {
      id,
      complete_order: input.completeOrder ?? false,
      status: 'completed',
      fee_platform: split.platform,
      fee_processing: split.processing,
      completed_at: now,
    };
    // Cash: the payment and its drawer movement in one statement; the completion is told the
    // session the cash went into, so it does not post the cash again.
    const { payment, drawerSessionId } =
      values.method === 'cash'
        ? await insertCashPayment(tx, ctx, order, now, { ...values, ...completedAs })
        : {
            payment: await insertPayment(tx, ctx, order, now, { ...values, ...completedAs }),
            drawerSessionId: null,
          };
    const header = await effects.completed(
      tx,
      ctx,
      order,
      payment,
      'pending',
      { status: 'completed', source: 'request' },
      now,
      { ...(presetReceiptNumber !== undefined ? { presetReceiptNumber } : {}), drawerSessionId },
    );
    return { payment: paymentDto(payment), order: header };
  }

  return {
    get,
    cancel: gatewayOps.cancel,
    refresh: gatewayOps.refresh,
    confirmRazorpayCheckout: gatewayOps.confirmRazorpayCheckout,

    async list(db: Executor, ctx: ServiceContext, orderId: string): Promise<PaymentDto[]> {
      const order = await findOrderForMoney(db, ctx.tenantId, orderId); // only its outlet: no re-pricing
      assertOutletAccess(ctx, order.outletId);
      return (await repo.listPaymentRows(db, ctx.tenantId, orderId)).map(paymentDto);
    },

    /** Takes a payment (see `take`); the payment as the API shows it. */
    async create(tx: Tx, ctx: ServiceContext, orderId: string, input: CreatePaymentInput) {
      return (await take(tx, ctx, orderId, input)).payment;
    },

    take,

    /**
     * What each tender asks to settle the order now — the register's "due" screen: the balance less
     * what pending gateway payments hold, rounded the way a payment settling it will round (card
     * and gateway up to the practical increment, cash half-up to the cash increment), and quick
     * cash tenders for the cash due.
     */
    async amountDue(db: Executor, ctx: ServiceContext, orderId: string) {
      const order = await findOrderForMoney(db, ctx.tenantId, orderId);
      assertOutletAccess(ctx, order.outletId);
      const inc = await incrementsOf(db, ctx.tenantId, order);
      const pending = await repo.reservedAmount(db, ctx.tenantId, order.id);
      const takesMoney = order.status === 'open' || order.status === 'sent';
      const payable = takesMoney ? Math.max(order.balance - pending, 0) : 0;
      const card = settlementDue(payable, 'card', inc);
      const cash = settlementDue(payable, 'cash', inc);
      return {
        orderId: order.id,
        currency: order.currency,
        balanceAmount: order.balance,
        pendingAmount: pending,
        payableAmount: payable,
        increment: inc.practical,
        cashIncrement: cashIncrement(inc),
        card: { due: card, rounding: card - payable },
        cash: {
          due: cash,
          rounding: cash - payable,
          quickTenders: quickCashTenders(cash, cashIncrement(inc)),
        },
      };
    },

    /** The payment's QR code (QRIS, UPI) as SVG or PNG. */
    async qr(db: Executor, ctx: ServiceContext, id: string, format: 'svg' | 'png') {
      const row = await repo.getPaymentRow(db, ctx.tenantId, id);
      assertOutletAccess(ctx, row.outlet_id);
      if (!row.qr_string) {
        throw new AppError('payments.qr_not_found', 'This payment has no QR code.');
      }
      return format === 'svg' ? qrSvg(row.qr_string) : qrPng(row.qr_string);
    },
  };
}
export type PaymentsService = ReturnType<typeof createPaymentsService>;
