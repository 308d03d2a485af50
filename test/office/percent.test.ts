// Rates typed as percent become exact parts per million (no floating point), and read back.
import { describe, expect, it } from 'vitest';
import { percentToPpm, ppmLabel } from '../../apps/office/percent.ts';

describe('office rates', () => {
  it('percent text → parts per million', () => {
    expect(percentToPpm('11')).toBe(110_000);
    expect(percentToPpm('2.5')).toBe(25_000);
    expect(percentToPpm('0.0001')).toBe(1);
    expect(percentToPpm('100')).toBe(1_000_000);
    expect(percentToPpm('7.12345')).toBe(71_234); // beyond 4 decimals is cut, never rounded up by floats
    expect(percentToPpm('.5')).toBe(5_000);
  });
  it('parts per million → a percent for people', () => {
    expect(ppmLabel(110_000, 'en')).toBe('11%');
    expect(ppmLabel(25_000, 'id')).toBe('2,5%');
  });
});
