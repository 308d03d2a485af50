import { AppError } from '../../platform/http/errors.ts';

/**
 * Units of measure. Quantities are integers in base units: thousandths of a gram (mg), of a
 * millilitre (µl) or of a piece, so a recipe can take 0.5 g or 1/8 of a lemon exactly and no
 * quantity is ever a float.
 */
export const DIMENSIONS = ['mass', 'volume', 'count'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const UNITS = {
  mg: { dimension: 'mass', base: 1 },
  g: { dimension: 'mass', base: 1_000 },
  kg: { dimension: 'mass', base: 1_000_000 },
  ml: { dimension: 'volume', base: 1_000 },
  l: { dimension: 'volume', base: 1_000_000 },
  pcs: { dimension: 'count', base: 1_000 },
} as const satisfies Record<string, { dimension: Dimension; base: number }>;
export type Unit = keyof typeof UNITS;
export const UNIT_NAMES = Object.keys(UNITS) as Unit[];

/** The unit an item of a dimension is counted in by default. */
export const DEFAULT_UNIT: Record<Dimension, Unit> = { mass: 'kg', volume: 'l', count: 'pcs' };

/** True when `unit` measures `dimension`. */
export function unitFits(unit: string, dimension: Dimension): unit is Unit {
  return Object.hasOwn(UNITS, unit) && UNITS[unit as Unit].dimension === dimension;
}

/** Where a quantity is said in: a unit of the item's dimension, or its purchase unit. */
export interface UnitContext {
  dimension: Dimension;
  purchaseUnit: string;
  purchaseUnitQty: number;
}

/**
 * Converts `quantity` of `unit` into base units. `unit` is a unit of the item's dimension or
 * `purchase` (the item's purchase unit); absent, the quantity is in base units already.
 * 422 `inventory.unit_mismatch` for kg of a liquid; 422 `inventory.quantity_too_large` past 2^53.
 */
export function toBase(quantity: number, unit: string | undefined, item: UnitContext): number {
  let factor: number;
  if (unit === undefined || unit === 'base') {
    factor = 1;
  } else if (unit === 'purchase' || unit === item.purchaseUnit) {
    factor = item.purchaseUnitQty;
  } else if (unitFits(unit, item.dimension)) {
    factor = UNITS[unit].base;
  } else {
    throw new AppError(
      'inventory.unit_mismatch',
      `This item is measured by ${item.dimension}, not in ${unit}.`,
      {
        unit,
        dimension: item.dimension,
      },
    );
  }
  const base = quantity * factor;
  if (!Number.isSafeInteger(base)) {
    throw new AppError('inventory.quantity_too_large', 'The quantity is too large.', { quantity, unit });
  }
  return base;
}

/** A base quantity in a display unit, as a decimal string without float error ("1.25"). */
export function formatQty(base: number, unit: Unit): string {
  const factor = UNITS[unit].base;
  const sign = base < 0 ? '-' : '';
  const abs = Math.abs(base);
  const whole = Math.floor(abs / factor);
  const frac = abs % factor;
  if (frac === 0) {
    return `${sign}${whole}`;
  }
  const digits = String(factor).length - 1;
  return `${sign}${whole}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}
