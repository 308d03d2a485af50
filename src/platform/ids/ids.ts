import { randomFillSync } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/** A branded string type: `Brand<string, 'OrderId'>` cannot be passed where a `UserId` is expected. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

export type TenantId = Brand<string, 'TenantId'>;
export type UserId = Brand<string, 'UserId'>;
export type MembershipId = Brand<string, 'MembershipId'>;
export type OutletId = Brand<string, 'OutletId'>;
export type RegisterId = Brand<string, 'RegisterId'>;
export type DeviceId = Brand<string, 'DeviceId'>;
export type RoleId = Brand<string, 'RoleId'>;
export type ApiKeyId = Brand<string, 'ApiKeyId'>;
export type SessionId = Brand<string, 'SessionId'>;
export type ApprovalId = Brand<string, 'ApprovalId'>;

/**
 * The random words of new ids, drawn from the OS 256 at a time: the library's default source draws
 * 8 at a time through WebCrypto, which was most of the cost of an id (a sale makes a dozen).
 */
class PooledRandom {
  #words = new Uint32Array(256);
  #next = this.#words.length;

  nextUint32(): number {
    if (this.#next === this.#words.length) {
      randomFillSync(this.#words);
      this.#next = 0;
    }
    return this.#words[this.#next++]!;
  }
}

const generator = new V7Generator(new PooledRandom());

/**
 * A new time-ordered UUIDv7 (ids are generated in code so clients may bring their own). Ids made
 * by one process increase strictly (the library's counter within a millisecond).
 */
export function newId<T extends string = string>(): T {
  return generator.generate().toString() as T;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a syntactically valid UUID (any version). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
