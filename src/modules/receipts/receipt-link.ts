import { hkdfSync } from 'node:crypto';
import { hmacSha256Hex, safeEqual } from '../../platform/crypto/secrets.ts';

/**
 * Signed links to a hosted receipt (`/receipts/:tenantId/:orderId?sig=`): an HMAC-SHA256 of tenant
 * and order under a key derived (HKDF) from the server secret for this purpose only, cut to 128
 * bits. Anyone with the link sees that one receipt; nothing else is reachable with it.
 */
export function createReceiptLinks(secret: string, publicUrl?: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'kasir', 'receipt-links', 32));
  const sign = (tenantId: string, orderId: string) =>
    hmacSha256Hex(key, `${tenantId}.${orderId}`).slice(0, 32);
  return {
    /** The hosted receipt's address (absolute when the server knows its public URL). */
    linkFor(tenantId: string, orderId: string): string {
      return `${publicUrl?.replace(/\/$/, '') ?? ''}/receipts/${tenantId}/${orderId}?sig=${sign(tenantId, orderId)}`;
    },
    verify(tenantId: string, orderId: string, sig: string): boolean {
      return safeEqual(sign(tenantId, orderId), sig);
    },
  };
}
export type ReceiptLinks = ReturnType<typeof createReceiptLinks>;
