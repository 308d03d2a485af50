/**
 * Checks a `PricingInput` at run time (it may come from JSON) and turns it into the engine's
 * working form. Every problem is a `PricingError` naming the field.
 */
import { currencyExponent, isCurrency } from '../../../platform/money/currency.ts';
import { isRoundingMode } from '../../../platform/money/rounding.ts';
import { PricingError } from './errors.ts';
import {
  PPM,
  type Discount,
  type PricingInput,
  type PricingPolicy,
  type ServiceCharge,
  type TaxRate,
} from './types.ts';

export interface CheckedLine {
  /** Position in the input. */
  index: number;
  id: string;
  quantity: number;
  /** quantity × (unitPrice + Σ modifiers), exact. */
  gross: bigint;
  /** The line's taxes, in its `taxRateIds` order. */
  rates: TaxRate[];
  discounts: Discount[];
}

export interface CheckedServiceCharge {
  charge: ServiceCharge;
  /** The taxes on the charge: empty when it is not taxable. */
  rates: TaxRate[];
}

export interface CheckedInput {
  currency: string;
  exponent: number;
  lines: CheckedLine[];
  taxRates: TaxRate[];
  orderDiscounts: Discount[];
  serviceCharges: CheckedServiceCharge[];
  policy: PricingPolicy;
}

function fail(field: string, reason: string, message: string, extra: Record<string, unknown> = {}): never {
  throw new PricingError(`${field}: ${message}`, { field, reason, ...extra });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkObject(value: unknown, field: string): Record<string, unknown> {
  if (!isObject(value)) {
    fail(field, 'not_object', 'must be an object');
  }
  return value;
}

function checkArray(value: unknown, field: string, optional = false): unknown[] {
  if (value === undefined && optional) {
    return [];
  }
  if (!Array.isArray(value)) {
    fail(field, 'not_array', 'must be an array');
  }
  return value as unknown[];
}

function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    fail(field, 'not_id', 'must be a non-empty string');
  }
  return value;
}

function checkString(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    fail(field, 'not_string', 'must be a string');
  }
  return value;
}

function checkInteger(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    fail(field, 'not_integer', `must be a safe integer, got ${String(value)}`, { value });
  }
  if (value < min) {
    fail(field, min === 0 ? 'negative' : 'too_small', `must be at least ${min}, got ${value}`, { value });
  }
  if (value > max) {
    fail(field, 'too_large', `must be at most ${max}, got ${value}`, { value });
  }
  return value;
}

const checkMinor = (value: unknown, field: string) => checkInteger(value, field, 0);
const checkPpm = (value: unknown, field: string) => checkInteger(value, field, 0, PPM);

function checkUnique(ids: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const [i, id] of ids.entries()) {
    if (seen.has(id)) {
      fail(`${field}[${i}]`, 'duplicate_id', `"${id}" appears twice`, { id });
    }
    seen.add(id);
  }
}

function checkDiscount(value: unknown, field: string): Discount {
  const d = checkObject(value, field);
  const kind = d.kind;
  if (kind !== 'percentage' && kind !== 'fixed') {
    fail(`${field}.kind`, 'invalid_kind', 'must be "percentage" or "fixed"');
  }
  return {
    id: checkId(d.id, `${field}.id`),
    name: checkString(d.name, `${field}.name`),
    kind,
    value:
      kind === 'percentage' ? checkPpm(d.value, `${field}.value`) : checkMinor(d.value, `${field}.value`),
  };
}

function checkDiscounts(value: unknown, field: string): Discount[] {
  const discounts = checkArray(value, field, true).map((d, i) => checkDiscount(d, `${field}[${i}]`));
  checkUnique(
    discounts.map((d) => d.id),
    field,
  );
  return discounts;
}

function resolveRates(value: unknown, field: string, byId: ReadonlyMap<string, TaxRate>): TaxRate[] {
  const ids = checkArray(value, field, true).map((id, i) => checkId(id, `${field}[${i}]`));
  checkUnique(ids, field);
  return ids.map((id, i) => {
    const rate = byId.get(id);
    if (!rate) {
      fail(`${field}[${i}]`, 'unknown_tax_rate', `no tax rate "${id}" in taxRates`, { id });
    }
    return rate;
  });
}

function checkPolicy(value: unknown): PricingPolicy {
  const p = checkObject(value, 'policy');
  if (!isRoundingMode(p.roundingMode)) {
    fail('policy.roundingMode', 'invalid_mode', 'must be "half_even" or "half_up"');
  }
  if (p.taxRounding !== 'line' && p.taxRounding !== 'bucket') {
    fail('policy.taxRounding', 'invalid_mode', 'must be "line" or "bucket"');
  }
  return {
    roundingMode: p.roundingMode,
    taxRounding: p.taxRounding,
    cashRoundingIncrement: checkMinor(p.cashRoundingIncrement, 'policy.cashRoundingIncrement'),
  };
}

/** Validates `input`; throws `PricingError` on the first problem. */
export function checkInput(input: PricingInput): CheckedInput {
  const raw = checkObject(input, 'input');
  if (!isCurrency(raw.currency)) {
    fail('currency', 'unknown_currency', `"${String(raw.currency)}" is not an ISO 4217 currency code`);
  }
  const currency = raw.currency;
  const policy = checkPolicy(raw.policy);

  const taxRates = checkArray(raw.taxRates, 'taxRates', true).map((value, i): TaxRate => {
    const field = `taxRates[${i}]`;
    const t = checkObject(value, field);
    if (typeof t.inclusive !== 'boolean') {
      fail(`${field}.inclusive`, 'not_boolean', 'must be true or false');
    }
    return {
      id: checkId(t.id, `${field}.id`),
      name: checkString(t.name, `${field}.name`),
      rate: checkPpm(t.rate, `${field}.rate`),
      inclusive: t.inclusive,
    };
  });
  checkUnique(
    taxRates.map((t) => t.id),
    'taxRates',
  );
  const ratesById = new Map(taxRates.map((t) => [t.id, t]));

  const lines = checkArray(raw.lines, 'lines').map((value, index): CheckedLine => {
    const field = `lines[${index}]`;
    const l = checkObject(value, field);
    const quantity = checkInteger(l.quantity, `${field}.quantity`, 1);
    let unit = BigInt(checkMinor(l.unitPrice, `${field}.unitPrice`));
    for (const [m, mod] of checkArray(l.modifiers, `${field}.modifiers`, true).entries()) {
      const mf = `${field}.modifiers[${m}]`;
      const o = checkObject(mod, mf);
      checkId(o.id, `${mf}.id`);
      unit += BigInt(checkMinor(o.unitPrice, `${mf}.unitPrice`));
    }
    const rates = resolveRates(l.taxRateIds, `${field}.taxRateIds`, ratesById);
    const inclusive = rates.reduce((sum, r) => sum + (r.inclusive ? r.rate : 0), 0);
    if (inclusive > PPM) {
      fail(`${field}.taxRateIds`, 'inclusive_over_100_percent', 'inclusive taxes on one line exceed 100%', {
        inclusivePpm: inclusive,
      });
    }
    return {
      index,
      id: checkId(l.id, `${field}.id`),
      quantity,
      gross: BigInt(quantity) * unit,
      rates,
      discounts: checkDiscounts(l.discounts, `${field}.discounts`),
    };
  });
  checkUnique(
    lines.map((l) => l.id),
    'lines',
  );

  const serviceCharges = checkArray(raw.serviceCharges, 'serviceCharges', true).map(
    (value, i): CheckedServiceCharge => {
      const field = `serviceCharges[${i}]`;
      const s = checkObject(value, field);
      if (typeof s.taxable !== 'boolean') {
        fail(`${field}.taxable`, 'not_boolean', 'must be true or false');
      }
      const rates = resolveRates(s.taxRateIds, `${field}.taxRateIds`, ratesById);
      const charge: ServiceCharge = {
        id: checkId(s.id, `${field}.id`),
        name: checkString(s.name, `${field}.name`),
        rate: checkPpm(s.rate, `${field}.rate`),
        taxable: s.taxable,
        taxRateIds: rates.map((r) => r.id),
      };
      return { charge, rates: s.taxable ? rates : [] };
    },
  );
  checkUnique(
    serviceCharges.map((s) => s.charge.id),
    'serviceCharges',
  );

  return {
    currency,
    exponent: currencyExponent(currency),
    lines,
    taxRates,
    orderDiscounts: checkDiscounts(raw.orderDiscounts, 'orderDiscounts'),
    serviceCharges,
    policy,
  };
}
