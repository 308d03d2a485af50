import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { assertIdsExist, nextCatalogVersion, archivedAt } from './catalog.repo.ts';
import { createDiscountsService } from './discounts.service.ts';
import { createVersionedCache, deepFreeze } from './versioned-cache.ts';
import type {
  CreateServiceChargeInput,
  CreateTaxRateInput,
  UpdateServiceChargeInput,
  UpdateTaxRateInput,
} from './catalog.contracts.ts';

/** A service charge as an order snapshots it: its rate, and the live tax rates it carries. */
export interface ApplicableCharge {
  id: string;
  name: string;
  rate: number;
  taxable: boolean;
  taxRates: { id: string; name: string; ratePpm: number; inclusive: boolean }[];
  taxRateIds: string[];
}
export type { DiscountDto } from './discounts.service.ts';

export interface TaxRateDto {
  id: string;
  name: string;
  ratePpm: number;
  inclusive: boolean;
  archived: boolean;
  version: string;
}
export interface ServiceChargeDto {
  id: string;
  name: string;
  ratePpm: number;
  diningOptions: string[];
  taxable: boolean;
  taxRateIds: string[];
  archived: boolean;
  version: string;
}

const taxDto = (r: {
  id: string;
  name: string;
  rate_ppm: number;
  inclusive: boolean;
  archived_at: Date | null;
  version: string;
}): TaxRateDto => ({
  id: r.id,
  name: r.name,
  ratePpm: r.rate_ppm,
  inclusive: r.inclusive,
  archived: r.archived_at !== null,
  version: r.version,
});

/** Tax rates, service charges and discounts: what the pricing engine applies to an order. */
export function createPricingSetupService(deps: { clock: Clock }) {
  const { clock } = deps;
  /** Applicable charges per tenant, catalog version and dining option (frozen: shared by requests). */
  const chargeCache = createVersionedCache<ApplicableCharge[]>(2000);

  async function serviceChargeDtos(
    db: Executor,
    tenantId: string,
    ids?: string[],
  ): Promise<ServiceChargeDto[]> {
    let q = db.selectFrom('service_charges').selectAll().where('tenant_id', '=', tenantId);
    if (ids) {
      q = q.where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
    }
    const rows = await q.orderBy('name').orderBy('id').execute();
    const taxes = rows.length
      ? await db
          .selectFrom('service_charge_taxes')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where(
            'service_charge_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      : [];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      ratePpm: r.rate_ppm,
      diningOptions: r.dining_options,
      taxable: r.taxable,
      taxRateIds: taxes
        .filter((t) => t.service_charge_id === r.id)
        .map((t) => t.tax_rate_id)
        .sort(),
      archived: r.archived_at !== null,
      version: r.version,
    }));
  }

  async function loadApplicable(
    db: Executor,
    tenantId: string,
    diningOption: string,
  ): Promise<ApplicableCharge[]> {
    const charges = (await serviceChargeDtos(db, tenantId)).filter(
      (c) => !c.archived && c.diningOptions.includes(diningOption),
    );
    const taxIds = [...new Set(charges.flatMap((c) => (c.taxable ? c.taxRateIds : [])))];
    const rates = taxIds.length
      ? await db
          .selectFrom('tax_rates')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', taxIds)
          .where('archived_at', 'is', null)
          .execute()
      : [];
    return charges.map((c) => ({
      id: c.id,
      name: c.name,
      rate: c.ratePpm,
      taxable: c.taxable,
      taxRates: c.taxable
        ? rates
            .filter((r) => c.taxRateIds.includes(r.id))
            .map((r) => ({ id: r.id, name: r.name, ratePpm: r.rate_ppm, inclusive: r.inclusive }))
        : [],
      taxRateIds: c.taxable ? c.taxRateIds.filter((id) => rates.some((r) => r.id === id)) : [],
    }));
  }

  async function getServiceCharge(db: Executor, tenantId: string, id: string): Promise<ServiceChargeDto> {
    const [dto] = await serviceChargeDtos(db, tenantId, [id]);
    if (!dto) {
      throw notFound('service_charges', id);
    }
    return dto;
  }

  async function setServiceChargeTaxes(
    tx: Tx,
    tenantId: string,
    id: string,
    taxRateIds: string[],
  ): Promise<void> {
    await assertIdsExist(tx, 'tax_rates', tenantId, taxRateIds, { live: true });
    await tx
      .deleteFrom('service_charge_taxes')
      .where('tenant_id', '=', tenantId)
      .where('service_charge_id', '=', id)
      .execute();
    if (taxRateIds.length) {
      await tx
        .insertInto('service_charge_taxes')
        .values(
          [...new Set(taxRateIds)].map((t) => ({
            tenant_id: tenantId,
            service_charge_id: id,
            tax_rate_id: t,
          })),
        )
        .execute();
    }
  }

  return {
    ...createDiscountsService({ clock }),

    /** Live service charges for a dining option, with the tax rates they carry when taxable. */
    /**
     * The live service charges of a dining option, with their tax rates. With the catalog
     * `version` the caller read in its transaction, served from a per-node cache of that version
     * (every change of charges or tax rates bumps it).
     */
    async applicableServiceCharges(
      db: Executor,
      tenantId: string,
      diningOption: string,
      version?: string,
    ): Promise<ApplicableCharge[]> {
      if (version === undefined) {
        return loadApplicable(db, tenantId, diningOption);
      }
      const entry = chargeCache.entry(tenantId, version);
      let charges = entry.get(diningOption);
      if (!charges) {
        charges = deepFreeze(await loadApplicable(db, tenantId, diningOption));
        entry.set(diningOption, charges);
      }
      return charges;
    },

    // ---- Tax rates ------------------------------------------------------------------------------
    async listTaxRates(db: Executor, ctx: ServiceContext): Promise<TaxRateDto[]> {
      return (
        await db
          .selectFrom('tax_rates')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .orderBy('name')
          .orderBy('id')
          .execute()
      ).map(taxDto);
    },
    async createTaxRate(tx: Tx, ctx: ServiceContext, input: CreateTaxRateInput): Promise<TaxRateDto> {
      const version = await nextCatalogVersion(tx, ctx);
      const row = await tx
        .insertInto('tax_rates')
        .values({
          tenant_id: ctx.tenantId,
          id: input.id ?? newId(),
          name: input.name,
          rate_ppm: input.ratePpm,
          inclusive: input.inclusive,
          version,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw new AppError('tax_rates.already_exists', 'A tax rate with this id already exists.');
      }
      ctx.audit({ action: 'tax_rate.created', targetType: 'tax_rate', targetId: row.id, after: taxDto(row) });
      return taxDto(row);
    },
    /** Rates are immutable once created (orders keep the rate they were priced with); rename or archive only. */
    async updateTaxRate(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: UpdateTaxRateInput,
    ): Promise<TaxRateDto> {
      const before = await tx
        .selectFrom('tax_rates')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) {
        throw notFound('tax_rates', id);
      }
      const version = await nextCatalogVersion(tx, ctx);
      const now = clock.now();
      const row = await tx
        .updateTable('tax_rates')
        .set({
          ...(input.name ? { name: input.name } : {}),
          ...archivedAt(input.archived, before.archived_at, now),
          version,
          updated_at: now,
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      ctx.audit({
        action: 'tax_rate.updated',
        targetType: 'tax_rate',
        targetId: id,
        before: taxDto(before),
        after: taxDto(row),
      });
      return taxDto(row);
    },

    // ---- Service charges -------------------------------------------------------------------------
    listServiceCharges: (db: Executor, ctx: ServiceContext) => serviceChargeDtos(db, ctx.tenantId),
    async createServiceCharge(
      tx: Tx,
      ctx: ServiceContext,
      input: CreateServiceChargeInput,
    ): Promise<ServiceChargeDto> {
      const version = await nextCatalogVersion(tx, ctx);
      const id = input.id ?? newId();
      const inserted = await tx
        .insertInto('service_charges')
        .values({
          tenant_id: ctx.tenantId,
          id,
          name: input.name,
          rate_ppm: input.ratePpm,
          dining_options: [...new Set(input.diningOptions)],
          taxable: input.taxable,
          version,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        throw new AppError('service_charges.already_exists', 'A service charge with this id already exists.');
      }
      await setServiceChargeTaxes(tx, ctx.tenantId, id, input.taxRateIds ?? []);
      const dto = await getServiceCharge(tx, ctx.tenantId, id);
      ctx.audit({ action: 'service_charge.created', targetType: 'service_charge', targetId: id, after: dto });
      return dto;
    },
    async updateServiceCharge(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: UpdateServiceChargeInput,
    ): Promise<ServiceChargeDto> {
      const before = await getServiceCharge(tx, ctx.tenantId, id);
      const version = await nextCatalogVersion(tx, ctx);
      const now = clock.now();
      const current = await tx
        .selectFrom('service_charges')
        .select('archived_at')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('service_charges')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.ratePpm !== undefined ? { rate_ppm: input.ratePpm } : {}),
          ...(input.diningOptions !== undefined ? { dining_options: [...new Set(input.diningOptions)] } : {}),
          ...(input.taxable !== undefined ? { taxable: input.taxable } : {}),
          ...archivedAt(input.archived, current.archived_at, now),
          version,
          updated_at: now,
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .execute();
      if (input.taxRateIds) {
        await setServiceChargeTaxes(tx, ctx.tenantId, id, input.taxRateIds);
      }
      const after = await getServiceCharge(tx, ctx.tenantId, id);
      ctx.audit({
        action: 'service_charge.updated',
        targetType: 'service_charge',
        targetId: id,
        before,
        after,
      });
      return after;
    },
  };
}
export type PricingSetupService = ReturnType<typeof createPricingSetupService>;
