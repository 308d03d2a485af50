import QRCode from 'qrcode';

/**
 * QR rendering for payment strings (QRIS, UPI). Medium error correction survives a scratched
 * counter display or a glare on a phone screen without making the code much denser; a margin of
 * two modules is the smallest quiet zone scanners still find reliably on a white page.
 */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** `text` as a standalone SVG document (`<svg …>…</svg>`), deterministic for the same input. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: 'svg' });
}

/** `text` as PNG bytes, deterministic for the same input. */
export async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png' });
}
