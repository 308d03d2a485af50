import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../platform/ids/ids.ts';

/**
 * The two signed tokens of QR ordering, pure (no database):
 * - a **table code** `<base64url(tenant ‖ table ‖ version)>.<mac>` printed in the table's QR code;
 *   valid while `version` is the table's live code version (rotate = version + 1, revoke = a flag
 *   on that row), so a stolen photo of an old code stops working;
 * - a **customer token** `<base64url(tenant ‖ qr order)>.<mac>` given to the phone that placed an
 *   order: it reads that order and nothing else.
 * The MAC is HMAC-SHA256 with the server secret, truncated to 128 bits, over a label that tells the
 * two kinds apart (a customer token is never a table code). Both carry the tenant, so a public
 * request finds its business without a global lookup table.
 */
const TABLE_LABEL = 'kasir-table-code-v1\n';
const ORDER_LABEL = 'kasir-qr-order-v1\n';
const MAC_BYTES = 16;

function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidOf(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function mac(secret: string, label: string, payload: string): Buffer {
  return createHmac('sha256', secret)
    .update(label + payload)
    .digest()
    .subarray(0, MAC_BYTES);
}

function sign(secret: string, label: string, bytes: Buffer): string {
  const payload = bytes.toString('base64url');
  return `${payload}.${mac(secret, label, payload).toString('base64url')}`;
}

/** The payload bytes of a token whose MAC checks out, else null (never throws on any input). */
function verified(secret: string, label: string, token: string, size: number): Buffer | null {
  if (typeof token !== 'string' || token.length > 200) {
    return null;
  }
  const dot = token.indexOf('.');
  if (dot <= 0) {
    return null;
  }
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const bytes = Buffer.from(payload, 'base64url');
  // Canonical base64url only: one token per payload, so a token cannot be varied and still verify.
  if (bytes.length !== size || bytes.toString('base64url') !== payload || given.length !== MAC_BYTES) {
    return null;
  }
  if (given.toString('base64url') !== token.slice(dot + 1)) {
    return null;
  }
  return timingSafeEqual(given, mac(secret, label, payload)) ? bytes : null;
}

export interface TableCodeClaims {
  tenantId: string;
  tableId: string;
  version: number;
}

/** The table code printed in a table's QR (the table's current version). */
export function signTableCode(secret: string, c: TableCodeClaims): string {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(c.version);
  return sign(secret, TABLE_LABEL, Buffer.concat([uuidBytes(c.tenantId), uuidBytes(c.tableId), version]));
}

/** What a table code claims when its signature is ours; null for anything else. */
export function readTableCode(secret: string, token: string): TableCodeClaims | null {
  const b = verified(secret, TABLE_LABEL, token, 36);
  if (!b) {
    return null;
  }
  const claims = { tenantId: uuidOf(b.subarray(0, 16)), tableId: uuidOf(b.subarray(16, 32)) };
  return isUuid(claims.tenantId) ? { ...claims, version: b.readUInt32BE(32) } : null;
}

export interface CustomerClaims {
  tenantId: string;
  qrOrderId: string;
}

/** The token the phone that placed a QR order keeps to follow (and pay) that order only. */
export function signCustomerToken(secret: string, c: CustomerClaims): string {
  return sign(secret, ORDER_LABEL, Buffer.concat([uuidBytes(c.tenantId), uuidBytes(c.qrOrderId)]));
}

/** The order a customer token names when its signature is ours; null for anything else. */
export function readCustomerToken(secret: string, token: string): CustomerClaims | null {
  const b = verified(secret, ORDER_LABEL, token, 32);
  return b ? { tenantId: uuidOf(b.subarray(0, 16)), qrOrderId: uuidOf(b.subarray(16, 32)) } : null;
}
