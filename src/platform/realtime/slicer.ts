/**
 * Cooperative time slices for the dispatcher's emits. A burst of notifications (LISTEN delivers a
 * backlog in one read when the node fell behind) used to be emitted in one synchronous run of
 * promise callbacks — 0.4–2.4 s in the realtime bench with 10,000 sockets — during which the node
 * answered nothing: no HTTP request, no socket read, no timer. With a slicer, once one turn of the
 * event loop has spent `budgetMs` emitting, every later emit waits until the loop has turned
 * (I/O polled, timers run), then they go on in the order they waited: one tenant's events stay in
 * log order, and nothing is dropped or repeated — only spread over several turns.
 */
export function createSlicer(budgetMs: number, now: () => number = () => performance.now()) {
  /** When this turn's first emit began (undefined: none yet this turn). */
  let started: number | undefined;
  /** Set while the slice is spent: the emits waiting for the next turn, in order. */
  let waiting: (() => void)[] | undefined;

  function nextTurn(): void {
    const resume = waiting ?? [];
    waiting = undefined;
    started = undefined;
    for (const r of resume) {
      r();
    }
  }

  return {
    /**
     * Call before each emit: undefined to go on at once (synchronously: an emit and the
     * dispatcher's position still move together), or a promise to await first.
     */
    pause(): Promise<void> | undefined {
      if (waiting) {
        const w = waiting;
        return new Promise((resolve) => w.push(resolve));
      }
      const t = now();
      if (started === undefined) {
        started = t;
        // The turn ends: the next emit starts a fresh slice.
        setImmediate(() => {
          if (!waiting) {
            started = undefined;
          }
        });
        return undefined;
      }
      if (t - started < budgetMs) {
        return undefined;
      }
      const w: (() => void)[] = [];
      waiting = w;
      // Two hops: work running in the check phase resumes only after the next poll phase (I/O).
      setImmediate(() => setImmediate(nextTurn));
      return new Promise((resolve) => w.push(resolve));
    },
  };
}

export type Slicer = ReturnType<typeof createSlicer>;
