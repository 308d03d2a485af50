import { describe, expect, it } from 'vitest';
import { isUuid, newId } from './ids.ts';

describe('newId', () => {
  it('makes distinct UUIDv7s that increase strictly, stamped with the current time', () => {
    const before = Date.now();
    const ids = Array.from({ length: 5000 }, () => newId());
    const after = Date.now();
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('7'); // version
      expect('89ab').toContain(id[19]); // RFC 9562 variant
      if (i > 0) {
        expect(id > ids[i - 1]!).toBe(true);
      }
    }
    const ms = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms(ids[0]!)).toBeGreaterThanOrEqual(before);
    expect(ms(ids[ids.length - 1]!)).toBeLessThanOrEqual(after);
  });

  it('draws fresh random bits past its pool of random words', () => {
    // 256 words per draw: many more ids than that must still differ in their random tail.
    const tails = new Set(Array.from({ length: 2000 }, () => newId().slice(24)));
    expect(tails.size).toBe(2000);
  });
});
