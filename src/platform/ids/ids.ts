import { uuidv7 } from 'uuidv7';

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

/** A new time-ordered UUIDv7 (ids are generated in code so clients may bring their own). */
export function newId<T extends string = string>(): T {
  return uuidv7() as T;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a syntactically valid UUID (any version). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
