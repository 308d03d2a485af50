// The register's tender rules, pure: which sales take the one-request path, what a tender pays.
import { describe, expect, it } from 'vitest';
import { amountToPay, isCounterSale, shownParts } from '../../apps/register/pay/due.ts';

const newSale = () => ({ order: null as unknown, parts: undefined as number[] | undefined });

const cash = { method: 'cash' as const, tendered: 5_000_000 };
const card = { method: 'card' as const, card: { brand: 'Visa', last4: '4242' } };

describe('isCounterSale (POST /v1/sales) vs the two-step path', () => {
  it('cash or card for the whole balance of an order not on the server yet: one request', () => {
    expect(isCounterSale(newSale(), cash, 4_000_000)).toBe(true);
    expect(isCounterSale(newSale(), { ...card, amount: 4_000_000 }, 4_000_000)).toBe(true);
    expect(isCounterSale(newSale(), { ...cash, amount: 4_000_000 }, 4_000_000)).toBe(true);
  });
  it('a part payment, a gateway (QRIS) tender, a saved order or a split bill: two steps', () => {
    expect(isCounterSale(newSale(), { ...card, amount: 1_000_000 }, 4_000_000)).toBe(false);
    expect(isCounterSale(newSale(), { ...cash, amount: 1_000_000 }, 4_000_000)).toBe(false);
    const qris = { method: 'gateway' as const, gateway: 'midtrans' as const, channel: 'qris' };
    expect(isCounterSale(newSale(), qris, 4_000_000)).toBe(false);
    const saved = { ...newSale(), order: { id: 'x' } };
    expect(isCounterSale(saved, cash, 4_000_000)).toBe(false);
    expect(isCounterSale({ ...newSale(), parts: [2_000_000, 2_000_000] }, cash, 4_000_000)).toBe(false);
  });
});

describe('amountToPay', () => {
  it('the next part of an even split; the last part pays the exact balance', () => {
    expect(amountToPay([3_340_000, 3_330_000, 3_330_000], null, 9_999_950)).toBe(3_340_000);
    expect(amountToPay([3_330_000], null, 3_329_950)).toBe(3_329_950);
  });
  it('a typed part payment, never above the balance; nothing typed pays the balance', () => {
    expect(amountToPay([], 2_000_000, 4_125_000)).toBe(2_000_000);
    expect(amountToPay([], 9_000_000, 4_125_000)).toBe(4_125_000);
    expect(amountToPay([], null, 4_125_000)).toBe(4_125_000);
  });
  it('shownParts: the last part is what is left of the balance', () => {
    expect(shownParts([3_340_000, 3_330_000, 3_330_000], 9_999_950)).toEqual([
      3_340_000, 3_330_000, 3_329_950,
    ]);
    expect(shownParts([], 100)).toEqual([]);
  });
});
