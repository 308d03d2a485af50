import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './db.ts';

/**
 * A hot statement built and compiled by Kysely once, on first use, then run with new parameters
 * each time: the same SQL text and parameters the builder would give, without building and
 * compiling the query again per call (tens of µs of node CPU each, on every request).
 *
 * `build` receives placeholder arguments and may only pass them on as values (`where('id', '=',
 * id)`): it must not branch on them, compute with them or inline them — a statement whose shape
 * depends on its arguments needs one precompiled statement per shape. The first call checks that
 * every argument became a parameter as it was (once or more) and throws otherwise.
 */
export function precompiled<A extends unknown[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  let plan: Plan | undefined;
  return async (db, ...args) => {
    plan ??= planOf(db, build as (db: Executor, ...args: unknown[]) => Compilable<unknown>, args.length);
    const { slots } = plan;
    const parameters = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      parameters[i] = s.arg === undefined ? s.value : args[s.arg];
    }
    const result = await db.executeQuery<R>(CompiledQuery.raw(plan.sql, parameters));
    return result.rows;
  };
}

interface Plan {
  sql: string;
  /** Per parameter: the argument it takes, or the constant the builder put there. */
  slots: { arg?: number; value?: unknown }[];
}

const MARK = '\u0000precompiled-argument-';

function planOf(
  db: Executor,
  build: (db: Executor, ...args: unknown[]) => Compilable<unknown>,
  arity: number,
): Plan {
  const marks = Array.from({ length: arity }, (_, i) => `${MARK}${i}\u0000`);
  const compiled = build(db, ...marks).compile();
  const used = new Array<boolean>(arity).fill(false);
  const slots = compiled.parameters.map((value) => {
    const arg = typeof value === 'string' ? marks.indexOf(value) : -1;
    if (arg >= 0) {
      used[arg] = true;
      return { arg };
    }
    if (typeof value === 'string' && value.includes(MARK)) {
      throw new Error(`precompiled: an argument was changed before use: ${compiled.sql}`);
    }
    return { value };
  });
  if (compiled.sql.includes(MARK) || used.includes(false)) {
    throw new Error(`precompiled: every argument must be passed on as a parameter: ${compiled.sql}`);
  }
  return { sql: compiled.sql, slots };
}
