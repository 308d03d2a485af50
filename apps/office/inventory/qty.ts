// Quantities on the inventory screens: people type decimals in a unit ("1.25" kg, "3" cases); the
// API takes integers, so a typed decimal becomes base units exactly (string arithmetic, no floats)
// and is sent as `{ quantity, unit: 'base' }`. Levels come back in base units and are shown in the
// item's stock unit with the server's own `formatQty`.
import { formatQty, UNITS, type Unit } from '../../../src/modules/inventory/units.ts';

export type Dimension = 'mass' | 'volume' | 'count';
export { formatQty, UNITS, type Unit };

/** What a unit field needs to know of a stock item. */
export interface Units {
  dimension: string;
  stockUnit: string;
  purchaseUnit: string;
  purchaseUnitQty: number;
}

/** The units a quantity of the item can be typed in: its dimension's units, then its purchase unit. */
export function unitsFor(item: Units): string[] {
  const own = (Object.keys(UNITS) as Unit[]).filter((u) => UNITS[u].dimension === item.dimension);
  return own.includes(item.purchaseUnit as Unit) ? own : [...own, item.purchaseUnit];
}

/** Base units in one of `unit` (a unit of the dimension or the item's purchase unit). */
export function factorOf(unit: string, item: Units): number {
  if (Object.hasOwn(UNITS, unit)) {
    return UNITS[unit as Unit].base;
  }
  return unit === item.purchaseUnit ? item.purchaseUnitQty : 1;
}

/**
 * A typed decimal ("1,5" or "1.5", optionally negative) times `factor`, exactly; null when it is
 * not a number or has more decimals than base units can hold.
 */
export function parseScaled(text: string, factor: number, allowNegative = false): number | null {
  const m = /^\s*(-)?(\d{0,12})(?:[.,](\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '') || (m[1] && !allowNegative)) {
    return null;
  }
  const digits = String(factor).length - 1;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  // A factor that is not a power of ten (a 25 kg sack) takes decimals through its own arithmetic.
  const pow10 = factor === 10 ** digits;
  let value: number;
  if (pow10) {
    if (frac.length > digits) {
      return null;
    }
    value = Number(m[2] || '0') * factor + Number(frac.padEnd(digits, '0') || '0');
  } else {
    const scale = 10 ** frac.length;
    const scaled = (Number(m[2] || '0') * scale + Number(frac || '0')) * factor;
    if (scaled % scale !== 0) {
      return null;
    }
    value = scaled / scale;
  }
  if (!Number.isSafeInteger(value)) {
    return null;
  }
  return m[1] ? -value : value;
}

/** A typed quantity in `unit` as base units (null when not a number). */
export function toBaseQty(text: string, unit: string, item: Units, allowNegative = false): number | null {
  return parseScaled(text, factorOf(unit, item), allowNegative);
}

/** A base quantity in the item's stock unit, with the unit: "1.25 kg". */
export function showQty(base: number, item: { stockUnit: string }): string {
  const unit = Object.hasOwn(UNITS, item.stockUnit) ? (item.stockUnit as Unit) : 'g';
  return `${formatQty(base, unit)} ${item.stockUnit}`;
}

/** A base quantity in any unit of the item (its purchase unit included), e.g. "2 karung". */
export function showIn(base: number, unit: string, item: Units): string {
  const factor = factorOf(unit, item);
  const whole = Math.trunc(base / factor);
  const rest = Math.abs(base % factor);
  if (rest === 0) {
    return `${whole} ${unit}`;
  }
  return `${(base / factor).toFixed(3).replace(/\.?0+$/, '')} ${unit}`;
}

/** The text a money field shows for minor units (major units, no grouping). */
export function moneyField(minor: number, exponent: number): string {
  return String(minor / 10 ** exponent);
}
