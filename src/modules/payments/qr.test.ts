import { describe, expect, it } from 'vitest';
import { qrPng, qrSvg } from './qr.ts';

const QRIS =
  '00020101021226570011ID.DANA.WWW011893600915300000000102091000000000303UMI5204581253033605405100005802ID5909KASIR POS6007JAKARTA63047C3B';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('qr rendering', () => {
  it('renders an SVG document', async () => {
    const svg = await qrSvg(QRIS);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('renders PNG bytes', async () => {
    const png = await qrPng(QRIS);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(100);
  });

  it('is deterministic', async () => {
    expect(await qrSvg(QRIS)).toBe(await qrSvg(QRIS));
    expect((await qrPng(QRIS)).equals(await qrPng(QRIS))).toBe(true);
    expect(await qrSvg(QRIS)).not.toBe(await qrSvg(`${QRIS}X`));
  });
});
