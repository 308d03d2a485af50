/**
 * EMVCo merchant-presented QR payloads as Indonesia's QRIS uses them, for the Midtrans and Xendit
 * simulators' dynamic QR codes.
 */

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo merchant-presented QR codes use. */
export function crc16Ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function tlv(id: string, value: string): string {
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/**
 * A dynamic QRIS payload in the EMVCo merchant-presented format: payload format, dynamic point of
 * initiation, the acquirer's merchant account template (26), the national QRIS template (51), MCC,
 * IDR currency (360), the amount, country, merchant name and city, a reference label in the
 * additional data (62) and the CRC trailer `6304XXXX`. Looks and scans like the real thing.
 */
export function qrisPayload(opts: {
  acquirerGuid: string;
  merchantPan: string;
  merchantId: string;
  merchantName: string;
  city: string;
  amount: number;
  reference: string;
}): string {
  const body =
    tlv('00', '01') +
    tlv('01', '12') +
    tlv(
      '26',
      tlv('00', opts.acquirerGuid) +
        tlv('01', opts.merchantPan) +
        tlv('02', opts.merchantId) +
        tlv('03', 'UMI'),
    ) +
    tlv(
      '51',
      tlv('00', 'ID.CO.QRIS.WWW') + tlv('02', `ID${opts.merchantPan.slice(-13)}`) + tlv('03', 'UMI'),
    ) +
    tlv('52', '5812') +
    tlv('53', '360') +
    tlv('54', String(opts.amount)) +
    tlv('58', 'ID') +
    tlv('59', opts.merchantName.slice(0, 25)) +
    tlv('60', opts.city.slice(0, 15)) +
    tlv('61', '10110') +
    tlv('62', tlv('05', opts.reference.replace(/-/g, '').slice(0, 25))) +
    '6304';
  return body + crc16Ccitt(body);
}
