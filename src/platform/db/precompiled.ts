import { CompiledQuery, type Compilable, type RawBuilder } from 'kysely';
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
  build: (db: Executor, ...args: A) => Built<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  let plan: Plan | undefined;
  return async (db, ...args) => {
    plan ??= planOf(db, build as (db: Executor, ...args: unknown[]) => Built<unknown>, args.length);
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

/** A query builder, or a `sql` template (compiled with the handle's dialect). */
export type Built<R> = Compilable<R> | RawBuilder<R>;

function compile<R>(db: Executor, built: Built<R>): CompiledQuery<R> {
  return 'isRawBuilder' in built ? built.compile(db) : built.compile();
}

interface Plan {
  sql: string;
  /** Per parameter: the argument it takes, or the constant the builder put there. */
  slots: { arg?: number; value?: unknown }[];
}

const MARK = '\u0000precompiled-argument-';

function planOf(
  db: Executor,
  build: (db: Executor, ...args: unknown[]) => Built<unknown>,
  arity: number,
): Plan {
  const marks = Array.from({ length: arity }, (_, i) => `${MARK}${i}\u0000`);
  const compiled = compile(db, build(db, ...marks));
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
  build: (db: Executor, row: T) => Built<R>,
): (db: Executor, row: T) => Promise<R[]> {
  const run = precompiledRows((db: Executor, rows: readonly T[]) => build(db, rows[0]!));
  return (db, row) => run(db, [row]);
}

/** Plans kept per statement of `precompiledRows`; rarer shapes past these are built every time. */
export const MAX_SHAPES = 64;

/**
 * `precompiled` for a statement built from lists of row objects (a multi-row insert's values, the
 * rows of a `values (…)` list in a `sql` template): one plan per shape — how many rows each list
 * has and which keys each row defines, in order — every defined value a parameter. `build` may
 * branch on the shape (a list empty or not, a row's position), never on a value, and must pass
 * every value on as one value (`values(rows)`, `${row.id}`), never as a list (`in`) or inlined.
 * Undefined values are left out of their row (as Kysely leaves them out of an insert). A row with
 * an expression among its values, or a shape past the first MAX_SHAPES, is built and compiled as
 * it is, every time.
 */
export function precompiledRows<S extends readonly (readonly object[])[], R>(
  build: (db: Executor, ...lists: S) => Built<R>,
): (db: Executor, ...lists: S) => Promise<R[]> {
  interface ShapePlan {
    /** The shape: per list LIST, per row ROW, then the row's defined keys. */
    keys: string[];
    run: (db: Executor, ...values: unknown[]) => Promise<R[]>;
  }
  const plans = new Map<string, ShapePlan>();
  let last: ShapePlan | undefined;
  return async (db, ...lists) => {
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const rows of lists) {
      keys.push(LIST);
      for (const row of rows) {
        keys.push(ROW);
        for (const key of Object.keys(row)) {
          const value = (row as Record<string, unknown>)[key];
          if (value === undefined) {
            continue;
          }
          if (isExpression(value)) {
            return (await db.executeQuery<R>(compile(db, build(db, ...lists)))).rows;
          }
          keys.push(key);
          values.push(value);
        }
      }
    }
    // Most calls have the shape of the call before (property keys compare by identity).
    let plan = last !== undefined && sameKeys(last.keys, keys) ? last : plans.get(keys.join(SEP));
    if (!plan) {
      if (plans.size >= MAX_SHAPES) {
        return (await db.executeQuery<R>(compile(db, build(db, ...lists)))).rows;
      }
      plan = {
        keys,
        run: precompiled((d: Executor, ...args: unknown[]) => build(d, ...marked<S>(keys, args))),
      };
      plans.set(keys.join(SEP), plan);
    }
    last = plan;
    return plan.run(db, ...values);
  };
}

const LIST = '\u0000list';
const ROW = '\u0000row';
const SEP = '\u0000';

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

/** The lists of a shape with `args` as their values, in order. */
function marked<S>(keys: readonly string[], args: readonly unknown[]): S {
  const lists: Record<string, unknown>[][] = [];
  let next = 0;
  for (const key of keys) {
    if (key === LIST) {
      lists.push([]);
    } else if (key === ROW) {
      lists[lists.length - 1]!.push({});
    } else {
      const rows = lists[lists.length - 1]!;
      rows[rows.length - 1]![key] = args[next++];
    }
  }
  return lists as unknown as S;
}

/** A value Kysely builds into the statement (a function or an expression), not a parameter. */
function isExpression(value: unknown): boolean {
  return (
    typeof value === 'function' ||
    (typeof value === 'object' &&
      value !== null &&
      !(value instanceof Date) &&
      typeof (value as { toOperationNode?: unknown }).toOperationNode === 'function')
  );
}
