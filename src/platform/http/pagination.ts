import { Type, type TSchema } from 'typebox';
import { AppError } from './errors.ts';
import { Nullable } from './schemas.ts';

/**
 * The one list shape of the API: `{ items, nextCursor }`, asked for with `?cursor=&limit=`.
 * A cursor is opaque to clients (base64url of the last item's sort key); `nextCursor` is null on
 * the last page. Lists that can grow are paged in SQL on a keyset (`platform/db/keyset.ts`);
 * small bounded lists are paged in memory with `pageInMemory`, so every list answers the same way.
 */

/** The `cursor` and `limit` query fields of a list (spread them into its querystring schema). */
export function pageQuery(limits: { default: number; maximum: number } = { default: 100, maximum: 500 }) {
  return {
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        pattern: '^[A-Za-z0-9_-]+$',
        description: '`nextCursor` of the previous page (opaque); leave out for the first page',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: limits.maximum,
        default: limits.default,
        description: 'the most items to return',
      }),
    ),
  };
}

/** A querystring with only `cursor` and `limit`. */
export const PageQuery = Type.Object(pageQuery(), { additionalProperties: false });

/** A page of `item`s, as a named component schema (`$id` = `name`, e.g. `OrderPage`). */
export function Page<T extends TSchema>(name: string, item: T, description?: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Nullable(
        Type.String({ description: 'pass as `cursor` for the next page; null on the last page' }),
      ),
    },
    { $id: name, description: description ?? `A page of ${name.replace(/Page$/, '')} items` },
  );
}

/** What a list is asked for (a list's querystring has these two fields, and maybe filters). */
export interface PageRequest {
  cursor?: string;
  limit?: number;
}

/** What every list returns. */
export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

/** The kinds of values a cursor key may hold, checked when a cursor comes back. */
type KeyKind = 'string' | 'uuid' | 'int' | 'seq' | 'timestamp';
type KeyValue<K extends KeyKind> = K extends 'int' ? number : K extends 'timestamp' ? Date : string;
type Key<K extends readonly KeyKind[]> = { -readonly [I in keyof K]: KeyValue<K[I]> };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEQ_RE = /^[0-9]{1,19}$/;

/** Encodes a sort key (strings, numbers, dates) as an opaque cursor. */
export function encodeCursor(key: readonly (string | number | Date)[]): string {
  return Buffer.from(JSON.stringify(key.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString(
    'base64url',
  );
}

function invalidCursor(): AppError {
  return new AppError('request.invalid', 'The cursor is not one this API gave out for this list.', {
    errors: [{ path: 'querystring.cursor', message: 'is not a cursor of this list' }],
  });
}

function decodeValue(kind: KeyKind, value: unknown): string | number | Date {
  switch (kind) {
    case 'string':
      if (typeof value === 'string' && value.length <= 1000) {
        return value;
      }
      break;
    case 'uuid':
      if (typeof value === 'string' && UUID_RE.test(value)) {
        return value;
      }
      break;
    case 'seq':
      if (typeof value === 'string' && SEQ_RE.test(value)) {
        return value;
      }
      break;
    case 'int':
      if (typeof value === 'number' && Number.isSafeInteger(value)) {
        return value;
      }
      break;
    case 'timestamp':
      if (typeof value === 'string') {
        const at = new Date(value);
        if (!Number.isNaN(at.getTime())) {
          return at;
        }
      }
      break;
  }
  throw invalidCursor();
}

/**
 * Reads a cursor this API gave out back into its sort key, checking every value's kind (so a
 * forged cursor is a 400, never a database error). Undefined when there is no cursor.
 */
export function decodeCursor<const K extends readonly KeyKind[]>(
  cursor: string | undefined,
  kinds: K,
): Key<K> | undefined {
  if (cursor === undefined) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== kinds.length) {
    throw invalidCursor();
  }
  return kinds.map((kind, i) => decodeValue(kind, parsed[i])) as Key<K>;
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only says that there is a next page,
 * whose cursor is the sort key of the last row returned.
 */
export function toPage<R, T = R>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => readonly (string | number | Date)[],
  map: (row: R) => T = (row) => row as unknown as T,
): PageOf<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/**
 * Pages a small, bounded list held in memory (a role list, an order's payments), in its given
 * order. The cursor names the last item returned and its position: the next page starts after
 * that item, or at that position when it has gone since.
 */
export function pageInMemory<T>(
  all: readonly T[],
  query: { cursor?: string; limit?: number },
  idOf: (item: T) => string,
  defaultLimit = 100,
): PageOf<T> {
  const limit = query.limit ?? defaultLimit;
  const key = decodeCursor(query.cursor, ['string', 'int'] as const);
  let start = 0;
  if (key) {
    const [id, position] = key;
    const at = all.findIndex((item) => idOf(item) === id);
    start = at >= 0 ? at + 1 : Math.max(0, Math.min(position + 1, all.length));
  }
  const items = all.slice(start, start + limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      start + limit < all.length && last !== undefined ? encodeCursor([idOf(last), start + limit - 1]) : null,
  };
}
