/** The image formats Kasir stores, by the type it serves them as. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface SniffedImage {
  type: ImageType;
  width: number;
  height: number;
}

/** Largest image accepted: 1 MiB. A menu tile or a receipt logo needs far less. */
export const MAX_IMAGE_BYTES = 1024 * 1024;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (b: Uint8Array, magic: readonly number[], at = 0) =>
  b.length >= at + magic.length && magic.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, at: number, text: string) =>
  startsWith(
    b,
    [...text].map((c) => c.charCodeAt(0)),
    at,
  );
const be16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const be32 = (b: Uint8Array, at: number) => be16(b, at) * 65536 + be16(b, at + 2);
const le16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const le24 = (b: Uint8Array, at: number) => le16(b, at) | (b[at + 2]! << 16);

const sized = (type: ImageType, width: number, height: number): SniffedImage | null =>
  width >= 1 && height >= 1 && width <= 65535 && height <= 65535 ? { type, width, height } : null;

/** PNG: the signature, then the IHDR chunk (width and height, big-endian). */
function png(b: Uint8Array): SniffedImage | null {
  if (b.length < 24 || !ascii(b, 12, 'IHDR')) {
    return null;
  }
  return sized('image/png', be32(b, 16), be32(b, 20));
}

/** JPEG: walks the marker segments up to the first start-of-frame (SOF0–SOF15 but DHT/JPG/DAC). */
function jpeg(b: Uint8Array): SniffedImage | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) {
      return null;
    }
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2; // markers without a length
      continue;
    }
    const length = be16(b, at + 2);
    if (length < 2) {
      return null;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      return at + 9 <= b.length ? sized('image/jpeg', be16(b, at + 7), be16(b, at + 5)) : null;
    }
    if (marker === 0xd9 || marker === 0xda) {
      return null; // end of image or scan data before any frame header
    }
    at += 2 + length;
  }
  return null;
}

/** WebP: RIFF…WEBP, then a VP8 (lossy), VP8L (lossless) or VP8X (extended) chunk. */
function webp(b: Uint8Array): SniffedImage | null {
  if (b.length < 30) {
    return null;
  }
  if (ascii(b, 12, 'VP8 ')) {
    // Key frame start code 9D 01 2A, then 14-bit width and height.
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) {
      return null;
    }
    return sized('image/webp', le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
  }
  if (ascii(b, 12, 'VP8L')) {
    if (b[20] !== 0x2f) {
      return null;
    }
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return sized('image/webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (ascii(b, 12, 'VP8X')) {
    return sized('image/webp', le24(b, 24) + 1, le24(b, 27) + 1);
  }
  return null;
}

/**
 * What an upload really is, from its bytes (magic numbers and the header that gives its size),
 * whatever the request claimed: PNG, JPEG or WebP with a readable width and height, else null.
 * Nothing else is ever stored or served, so a page or a script cannot pose as an image.
 */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  if (startsWith(bytes, PNG_MAGIC)) {
    return png(bytes);
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return jpeg(bytes);
  }
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) {
    return webp(bytes);
  }
  return null;
}
