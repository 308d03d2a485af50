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

/**
 * `precompiled` for a statement built from one row object (an insert's values): one plan per set
 * of defined columns, every value a parameter. A row with an expression among its values (a
 * function or a Kysely expression) is built and compiled as it is, every time.
 */
export function precompiledRow<T extends object, R>(
  build: (db: Executor, row: T) => Compilable<R>,
): (db: Executor, row: T) => Promise<R[]> {
  const plans = new Map<string, (db: Executor, ...values: unknown[]) => Promise<R[]>>();
  return async (db, row) => {
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(row)) {
      if (value === undefined) {
        continue;
      }
      if (typeof value === 'function' || (isObject(value) && 'toOperationNode' in value)) {
        return (await db.executeQuery<R>(build(db, row).compile())).rows;
      }
      keys.push(key);
      values.push(value);
    }
    const shape = keys.join(',');
    let run = plans.get(shape);
    if (!run) {
      run = precompiled((d: Executor, ...args: unknown[]) =>
        build(d, Object.fromEntries(keys.map((k, i) => [k, args[i]])) as T),
      );
      plans.set(shape, run);
    }
    return run(db, ...values);
  };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
