import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { hasPermission, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { MenuService, PricingSetupService } from '../catalog/index.ts';
import { assertOutletAccess, authorize } from '../identity/index.ts';
import { practicalIncrementOf } from '../tenancy/index.ts';
import { snapshotLine, type AppliedDiscountSnapshot } from './order-lines.ts';
import { lineExtras, priceForWrite, type ChargeSnapshot, type DraftLine } from './order-record.ts';
import type { CreateOrderInput, DiscountInput, LineInput } from './orders.contracts.ts';
import { getSaleSetup, type SaleSetupCache } from './sale-setup.repo.ts';
import { standAsSold, type SoldAsPaid } from './sold-lines.ts';

const num = (v: string | number) => Number(v);

/**
 * Turning a request into priced snapshots: lines from the catalog as sold now, discounts (with
 * the approval rule for those over their threshold), the service charges of the dining option,
 * the tenant's pricing policy. Shared by create, calculate and edits, so they always agree.
 */
export function createOrderDrafts(deps: { clock: Clock; menu: MenuService; setup: PricingSetupService }) {
  const { clock, menu, setup } = deps;

  /** Resolves discount requests against the catalog; over-threshold ones need a permission or approval. */
  async function resolveDiscounts(
    tx: Executor,
    ctx: ServiceContext,
    requested: DiscountInput[] | undefined,
    scope: 'item' | 'order',
    path: string,
    approve: (discountId: string) => Promise<void>,
  ): Promise<AppliedDiscountSnapshot[]> {
    if (!requested?.length) {
      return [];
    }
    const found = await setup.findLiveDiscounts(
      tx,
      ctx.tenantId,
      requested.map((d) => d.discountId),
    );
    const out: AppliedDiscountSnapshot[] = [];
    for (const [i, r] of requested.entries()) {
      const d = found.get(r.discountId);
      if (!d) {
        throw new AppError('discounts.not_found', 'Unknown discount.', {
          id: r.discountId,
          field: `${path}[${i}].discountId`,
        });
      }
      if (d.scope !== scope) {
        throw new AppError('orders.invalid', `"${d.name}" is an ${d.scope}-level discount.`, {
          field: `${path}[${i}].discountId`,
        });
      }
      const value = d.value ?? r.value;
      if (value === undefined || value === null) {
        throw new AppError('orders.invalid', `"${d.name}" needs a value.`, { field: `${path}[${i}].value` });
      }
      if (d.kind === 'percentage' && value > 1_000_000) {
        throw new AppError('orders.invalid', 'A percentage is at most 1,000,000 ppm.', {
          field: `${path}[${i}].value`,
        });
      }
      if (d.approvalThreshold !== null && value > d.approvalThreshold) {
        await approve(d.id);
      }
      out.push({ discountId: d.id, name: d.name, kind: d.kind, value });
    }
    return out;
  }

  /** Approval for discounts over their threshold: the permission, or one approval for this order. */
  function approver(tx: Tx, ctx: ServiceContext, orderId: string, approvalId: string | undefined) {
    return async () => {
      if (hasPermission(ctx.principal, 'orders:discount_over_limit') || ctx.approval) {
        return;
      }
      await authorize(
        tx,
        ctx,
        'orders:discount_over_limit',
        { type: 'order', id: orderId },
        approvalId,
        clock.now(),
      );
    };
  }

  async function snapshotLines(
    tx: Executor,
    ctx: ServiceContext,
    outletId: string,
    inputs: LineInput[],
    approve: () => Promise<void>,
    path = 'lines',
    catalogVersion?: string,
    sold?: SoldAsPaid,
  ): Promise<DraftLine[]> {
    const items = await menu.resolveForSale(
      tx,
      ctx.tenantId,
      outletId,
      inputs.map((l) => l.itemId),
      catalogVersion,
    );
    const out: DraftLine[] = [];
    for (const [i, input] of inputs.entries()) {
      const discounts = await resolveDiscounts(
        tx,
        ctx,
        input.discounts,
        'item',
        `${path}[${i}].discounts`,
        approve,
      );
      const id = input.id ?? newId();
      const current = () => snapshotLine(items.get(input.itemId), input, id, discounts, `${path}[${i}]`);
      const asSold = sold?.lines.get(id);
      // A line sold offline stands at the price paid (see sold-lines.ts).
      const snapshot = asSold ? standAsSold(current, input, id, discounts, asSold, sold!.reasons) : current();
      out.push({ ...snapshot, ...lineExtras(input) });
    }
    return out;
  }

  /** Header fields and catalog snapshots for a new order (shared by create and calculate). */
  async function draft(
    tx: Executor,
    ctx: ServiceContext,
    input: CreateOrderInput,
    orderId: string,
    approve: () => Promise<void>,
    sold?: SoldAsPaid,
    setupCache?: SaleSetupCache,
  ) {
    assertOutletAccess(ctx, input.outletId);
    const setupRow = await getSaleSetup(tx, ctx.tenantId, input.outletId, input.registerId, setupCache);
    if (!setupRow.outlet_id) {
      throw new AppError('outlets.not_found', 'Unknown outlet.', { id: input.outletId, field: 'outletId' });
    }
    if (input.registerId && setupRow.register_outlet_id !== input.outletId) {
      throw new AppError('registers.not_found', 'Unknown register at this outlet.', {
        id: input.registerId,
        field: 'registerId',
      });
    }
    const version = setupRow.catalog_version ?? '0';
    const tenant = { timezone: setupRow.timezone };
    const outlet = { timezone: setupRow.outlet_timezone };
    const lines = await snapshotLines(tx, ctx, input.outletId, input.lines, approve, 'lines', version, sold);
    const discounts = await resolveDiscounts(tx, ctx, input.discounts, 'order', 'discounts', approve);
    const serviceCharges: ChargeSnapshot[] = await setup.applicableServiceCharges(
      tx,
      ctx.tenantId,
      input.diningOption,
      version,
    );
    const pricing = {
      currency: setupRow.currency,
      roundingMode: setupRow.rounding_mode,
      taxRounding: setupRow.tax_rounding,
      // Without cash rounding, cash is still counted in what anybody pays (whole rupiah, not sen).
      cashRoundingIncrement: num(setupRow.cash_rounding_increment) || practicalIncrementOf(setupRow),
      discounts,
      serviceCharges,
    };
    // What the new order's payments need (no payment reserves any of it yet): read with the setup.
    const terms: FreshPaymentTerms = {
      fees: { platformPpm: setupRow.platform_fee_ppm ?? 0, processingPpm: setupRow.processing_fee_ppm ?? 0 },
      tenant: { currency: setupRow.currency, practical_increment: setupRow.practical_increment },
    };
    return { tenant, outlet, lines, pricing, result: priceForWrite(pricing, lines), orderId, terms };
  }

  return { resolveDiscounts, approver, snapshotLines, draft };
}

export type OrderDrafts = ReturnType<typeof createOrderDrafts>;

/** A new order's payment terms (payments' `NewOrderTerms`), read with its sale setup. */
export interface FreshPaymentTerms {
  fees: { platformPpm: number; processingPpm: number };
  tenant: { currency: string; practical_increment: string | number | null };
}
