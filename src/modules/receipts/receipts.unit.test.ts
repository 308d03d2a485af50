import { describe, expect, it } from 'vitest';
import { GOLDEN_RECEIPT } from '../../../test/support/receipt-fixture.ts';
import { localDateTime, taxLabel } from './labels.ts';
import { renderEscPos } from './render-escpos.ts';
import { renderHtml } from './render-html.ts';
import { formatAmount, renderText, twoColumns, wrap } from './render-text.ts';

describe('plain text receipts', () => {
  it('renders 58 mm at 32 columns (golden)', () => {
    expect(renderText(GOLDEN_RECEIPT, 58)).toBe(
      [
        '       Warung Kopi Senja',
        '             Kemang',
        '  Jl. Kemang Raya 10, Jakarta',
        '',
        'Struk                     No. 42',
        'Pesanan            #7 2026-12-03',
        'Tanggal         2026-12-03 05:30',
        '--------------------------------',
        '2 x Es Kopi Susu Gula',
        'Aren (Large)           Rp 56.000',
        '  + Extra shot',
        '1 x Pisang Goreng      Rp 15.000',
        '--------------------------------',
        'Subtotal               Rp 71.000',
        'PB1 10%                 Rp 7.100',
        'TOTAL                  Rp 78.100',
        '--------------------------------',
        'Tunai                  Rp 78.100',
        '  Tunai diterima      Rp 100.000',
        '  Kembalian            Rp 21.900',
        '',
        '          Terima kasih',
        '',
        'https://kasir.example/receipts/t',
        '/o?sig=0123456789abcdef012345678',
        '9abcdef',
        '',
      ].join('\n'),
    );
  });

  it('renders 80 mm at 48 columns, a reprint marked as a copy, in English', () => {
    const text = renderText({ ...GOLDEN_RECEIPT, copy: true, locale: 'en-US', link: null }, 80);
    const lines = text.trimEnd().split('\n');
    expect(lines.every((l) => l.length <= 48)).toBe(true);
    expect(lines).toContain('                  *** COPY ***');
    expect(lines).toContain('2 x Es Kopi Susu Gula Aren (Large)    IDR 56,000');
    expect(lines).toContain('  Change                              IDR 21,900');
  });

  it('never passes the paper width, whatever the text', () => {
    const long = 'Nasi Goreng Kampung Spesial Pakai Telur Mata Sapi Dan Kerupuk Udang Besar Sekali';
    for (const width of [32, 48]) {
      for (const line of [...wrap(long, width), ...twoColumns(long, 'Rp 1.234.567.890', width)]) {
        expect(line.length).toBeLessThanOrEqual(width);
      }
      const doc = {
        ...GOLDEN_RECEIPT,
        lines: [{ name: long, quantity: 100, total: 9_999_999_999_00, modifiers: [long] }],
      };
      for (const line of renderText(doc, width === 32 ? 58 : 80).split('\n')) {
        expect(line.length).toBeLessThanOrEqual(width);
      }
    }
  });

  it('formats amounts the tenant way', () => {
    expect(formatAmount(2_715_900, 'IDR', 'id-ID')).toBe('Rp 27.159');
    expect(formatAmount(1_357_950, 'IDR', 'id-ID')).toBe('Rp 13.579,50');
    expect(formatAmount(1250, 'USD', 'en-US')).toBe('$12.50');
    expect(formatAmount(500, 'JPY', 'ja-JP')).toBe('￥500');
  });
});

describe('ESC/POS', () => {
  it('encodes a receipt with a QR code, a cut and a drawer kick (golden bytes)', () => {
    const small = { ...GOLDEN_RECEIPT, lines: GOLDEN_RECEIPT.lines.slice(1), link: 'https://k/r' };
    const hex = Buffer.from(renderEscPos(small, 58, { kick: true })).toString('hex');
    expect(hex).toBe(
      '1b401c2e1b4d001b45011b740020202020202020576172756e67204b6f70692053656e6a611b45000a0d1b4501202020202020202020202020204b656d616e671b45000a0d1b450120204a6c2e204b656d616e6720526179612031302c204a616b617274611b45000a0d0a0d537472756b2020202020202020202020202020202020202020204e6f2e2034320a0d506573616e616e202020202020202020202020233720323032362d31322d30330a0d54616e6767616c202020202020202020323032362d31322d30332030353a33300a0d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d0a0d31207820506973616e6720476f72656e6720202020202052702031352e3030300a0d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d0a0d537562746f74616c20202020202020202020202020202052702037312e3030300a0d504231203130252020202020202020202020202020202020527020372e3130300a0d544f54414c20202020202020202020202020202020202052702037382e3130300a0d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d0a0d54756e616920202020202020202020202020202020202052702037382e3130300a0d202054756e6169206469746572696d612020202020205270203130302e3030300a0d20204b656d62616c69616e20202020202020202020202052702032312e3930300a0d0a0d20202020202020202020546572696d61206b617369680a0d0a0d1b61011d286b0400314132001d286b03003143041d286b03003145311d286b0e0031503068747470733a2f2f6b2f721d286b03003151300a0d1b61000a0d0a0d0a0d0a0d1d56010a0d1b700032fa',
    );
    // The parts: ESC @ (initialise), ESC t 0 (code page cp437), GS ( k (QR), GS V 1 (partial cut), ESC p (kick).
    expect(hex.startsWith('1b40')).toBe(true);
    expect(hex).toContain('1b7400');
    expect(hex).toContain('1d286b');
    expect(hex).toContain('1d5601');
    expect(hex.endsWith('1b700032fa')).toBe(true);
  });

  it('prints characters through the code page and leaves out the kick unless asked', () => {
    const doc = { ...GOLDEN_RECEIPT, business: { ...GOLDEN_RECEIPT.business, name: 'Café' }, link: null };
    const bytes = Buffer.from(renderEscPos(doc, 80));
    expect(bytes.includes(Buffer.from([0x43, 0x61, 0x66, 0x82]))).toBe(true); // "Caf" + é in cp437
    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(false);
  });
});

describe('HTML', () => {
  it('escapes what the tenant typed and marks copies', () => {
    const html = renderHtml({
      ...GOLDEN_RECEIPT,
      copy: true,
      business: { ...GOLDEN_RECEIPT.business, name: '<script>alert(1)</script>' },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('*** SALINAN ***');
    expect(html).toContain('Struk 42');
  });
});

describe('labels', () => {
  it("prints the date and time in the outlet's time zone", () => {
    expect(localDateTime('2026-12-03T14:27:00.000Z', 'Asia/Jakarta')).toBe('2026-12-03 21:27');
    expect(localDateTime('2026-12-03T17:05:00.000Z', 'Asia/Jakarta')).toBe('2026-12-04 00:05');
    expect(localDateTime('2026-12-03T14:27:00.000Z', 'UTC')).toBe('2026-12-03 14:27');
  });
  it('names a tax with its rate once', () => {
    expect(taxLabel({ name: 'PB1', ratePpm: 100_000, inclusive: false }, 'termasuk')).toBe('PB1 10%');
    expect(taxLabel({ name: 'PB1 10%', ratePpm: 100_000, inclusive: false }, 'termasuk')).toBe('PB1 10%');
    expect(taxLabel({ name: 'VAT', ratePpm: 200_000, inclusive: true }, 'included')).toBe(
      'VAT 20% (included)',
    );
  });
});
