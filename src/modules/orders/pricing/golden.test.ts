import { describe, expect, it } from 'vitest';
import { priceOrder } from './engine.ts';
import { goldenVectors } from './golden-vectors.ts';
import { assertReconciles } from './invariants.ts';

describe('pricing golden vectors', () => {
  it('has at least 40 vectors with unique names', () => {
    expect(goldenVectors.length).toBeGreaterThanOrEqual(40);
    expect(new Set(goldenVectors.map((v) => v.name)).size).toBe(goldenVectors.length);
  });

  it.each(goldenVectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const result = priceOrder(vector.input);
    const e = vector.expected;
    expect({
      subtotal: result.subtotal,
      discountTotal: result.discountTotal,
      serviceChargeTotal: result.serviceChargeTotal,
      taxInclusiveTotal: result.taxInclusiveTotal,
      taxExclusiveTotal: result.taxExclusiveTotal,
      total: result.total,
      cash: { total: result.cash.total, roundingAdjustment: result.cash.roundingAdjustment },
    }).toEqual({
      subtotal: e.subtotal,
      discountTotal: e.discountTotal,
      serviceChargeTotal: e.serviceChargeTotal,
      taxInclusiveTotal: e.taxInclusiveTotal,
      taxExclusiveTotal: e.taxExclusiveTotal,
      total: e.total,
      cash: e.cash ?? { total: e.total, roundingAdjustment: 0 },
    });
    for (const [id, expected] of Object.entries(e.lines ?? {})) {
      const line = result.lines.find((l) => l.id === id);
      expect(line, `line ${id}`).toBeDefined();
      const { taxes, ...figures } = expected;
      expect(line).toMatchObject(figures);
      for (const [rateId, amount] of Object.entries(taxes ?? {})) {
        expect(line!.taxes.find((t) => t.taxRateId === rateId)?.amount, `line ${id} tax ${rateId}`).toBe(
          amount,
        );
      }
    }
    if (e.taxes) {
      expect(Object.fromEntries(result.taxes.map((t) => [t.taxRateId, t.amount]))).toEqual(e.taxes);
    }
    for (const [id, expected] of Object.entries(e.serviceCharges ?? {})) {
      expect(result.serviceCharges.find((s) => s.id === id)).toMatchObject(expected);
    }
    if (e.orderDiscounts) {
      expect(Object.fromEntries(result.orderDiscounts.map((d) => [d.id, d.amount]))).toEqual(
        e.orderDiscounts,
      );
    }
    assertReconciles(result);
  });
});
