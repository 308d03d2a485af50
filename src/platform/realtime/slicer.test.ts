import { describe, expect, it } from 'vitest';
import { createSlicer } from './slicer.ts';

const turn = () => new Promise<void>((r) => setImmediate(r));

describe('createSlicer', () => {
  it('goes on synchronously within the budget, then makes every later emit wait for the loop to turn, in order', async () => {
    let clock = 0;
    const slicer = createSlicer(10, () => clock);
    expect(slicer.pause()).toBeUndefined(); // the turn's first emit starts the slice
    clock = 9;
    expect(slicer.pause()).toBeUndefined();
    clock = 10;
    const order: string[] = [];
    const a = slicer.pause();
    const b = slicer.pause(); // waits behind a, even though nothing was emitted after a
    expect(a).toBeInstanceOf(Promise);
    expect(b).toBeInstanceOf(Promise);
    void a!.then(() => order.push('a'));
    void b!.then(() => order.push('b'));
    for (let i = 0; i < 10; i++) {
      await Promise.resolve(); // not resumed among this turn's callbacks
    }
    expect(order).toEqual([]);
    setImmediate(() => order.push('other work'));
    await turn();
    await turn();
    await turn();
    expect(order).toEqual(['other work', 'a', 'b']); // the loop's other work ran first
    // A fresh slice after the wait: emits go on at once again.
    expect(slicer.pause()).toBeUndefined();
  });

  it('starts a fresh slice on each turn of the loop', async () => {
    let clock = 0;
    const slicer = createSlicer(10, () => clock);
    expect(slicer.pause()).toBeUndefined();
    await turn();
    await turn();
    clock = 100; // long after, but in a new turn
    expect(slicer.pause()).toBeUndefined();
    clock = 105;
    expect(slicer.pause()).toBeUndefined();
  });
});
