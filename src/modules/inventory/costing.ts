/**
 * Moving-average costing, in integers. A level holds a quantity and the value of that quantity
 * (minor units); value / qty is the average cost. Taking stock out costs its share of the value
 * (all of it when the last unit goes), so the value never drifts from the sum of the movements;
 * below zero, stock is priced at the last positive average (the basis).
 */
export interface LevelState {
  qty: number;
  value: number;
  basisQty: number;
  basisValue: number;
}

/** round(a × b / c), half away from zero, exact for any safe integers (BigInt in between). */
export function mulDiv(a: number, b: number, c: number): number {
  if (c === 0) {
    throw new RangeError('division by zero');
  }
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (2n * ad);
  return Number(neg ? -q : q);
}

/** The value of `q` base units at the basis (the last positive average); 0 when there never was one. */
export function atBasis(level: LevelState, q: number): number {
  return level.basisQty > 0 ? mulDiv(level.basisValue, q, level.basisQty) : 0;
}

/** What taking `q` (> 0) out of a level costs: its share of the value, the basis for what goes below zero. */
export function issueCost(level: LevelState, q: number): number {
  if (level.qty <= 0) {
    return atBasis(level, q);
  }
  if (q < level.qty) {
    return mulDiv(level.value, q, level.qty);
  }
  return level.value + atBasis(level, q - level.qty);
}

/** The value of `q` (> 0) coming in at the level's average (a found surplus, a count above the book). */
export function averageValue(level: LevelState, q: number): number {
  return level.qty > 0 ? mulDiv(level.value, q, level.qty) : atBasis(level, q);
}

/** The level after a movement; the basis follows while the level is positive. */
export function applyDelta(level: LevelState, qtyDelta: number, valueDelta: number): LevelState {
  const qty = level.qty + qtyDelta;
  const value = level.value + valueDelta;
  return qty > 0 && value >= 0 ? { qty, value, basisQty: qty, basisValue: value } : { ...level, qty, value };
}

/**
 * The part of `total` that `k` more of `n` units carry after `before` of them went already, on
 * the running total: taking all n in any pieces gives back exactly `total`.
 */
export function shareOf(total: number, n: number, before: number, k: number): number {
  return mulDiv(total, before + k, n) - mulDiv(total, before, n);
}

/**
 * What a recipe line takes for `quantity` units sold: the recipe's quantity grossed up by the
 * yield (10000 bp = no waste), rounded to the base unit.
 */
export function recipeUsage(recipeQty: number, quantity: number, yieldBp: number): number {
  return mulDiv(recipeQty * quantity, 10_000, yieldBp);
}

/** True when a level went from above its reorder level to at or below it (one alert per crossing). */
export function crossedReorder(reorder: number | null, before: number, after: number): boolean {
  return reorder !== null && before > reorder && after <= reorder;
}
