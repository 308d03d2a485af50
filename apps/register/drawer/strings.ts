// The drawer screens' words, Indonesian and English, added to the register's translations as the
// `drawer` section when the drawer button first renders (kept apart from ../strings.ts).
import type { i18n as I18n } from 'i18next';

const en = {
  button: 'Drawer',
  title: 'Cash drawer',
  closedIntro: 'The drawer is not open. Count the float to open it.',
  float: 'Opening float',
  open: 'Open drawer',
  opened: 'Drawer opened',
  openSince: 'Open since {{time}} · float {{amount}}',
  count: '{{value}} count',
  total: 'Total',
  paidIn: 'Paid in',
  paidOut: 'Paid out',
  drop: 'Drop to safe',
  amount: 'Amount',
  reason: 'Reason',
  save: 'Save',
  saved: 'Saved',
  noSale: 'Open without sale',
  noSaleDone: 'Drawer opened without a sale',
  xReport: 'X report',
  closeDrawer: 'Close drawer',
  countIntro: 'Count the cash in the drawer. The expected amount is shown after you close.',
  counted: 'Counted',
  varianceReason: 'Reason for the difference',
  confirmClose: 'Close and print Z',
  closedTitle: 'Drawer closed · Z {{number}}',
  expected: 'Expected',
  variance: 'Variance',
  reasonNeeded: 'The count differs from the expected cash: give a reason.',
  print: 'Print',
  back: 'Back',
  sales: 'Sales',
  refunds: 'Refunds',
  drops: 'Drops',
  tenders: 'Tenders',
  cashSales: 'Cash sales',
  done: 'Done',
  cashSection: 'Cash in the drawer',
  salesSection: 'Sales',
  orders_one: '{{count}} order',
  orders_other: '{{count}} orders',
};
type Strings = typeof en;

const id: Strings = {
  button: 'Laci',
  title: 'Laci kas',
  closedIntro: 'Laci belum dibuka. Hitung modal awal untuk membukanya.',
  float: 'Modal awal',
  open: 'Buka laci',
  opened: 'Laci dibuka',
  openSince: 'Dibuka sejak {{time}} · modal {{amount}}',
  count: 'Jumlah {{value}}',
  total: 'Total',
  paidIn: 'Kas masuk',
  paidOut: 'Kas keluar',
  drop: 'Setor ke brankas',
  amount: 'Jumlah',
  reason: 'Alasan',
  save: 'Simpan',
  saved: 'Tersimpan',
  noSale: 'Buka tanpa transaksi',
  noSaleDone: 'Laci dibuka tanpa transaksi',
  xReport: 'Laporan X',
  closeDrawer: 'Tutup laci',
  countIntro: 'Hitung uang di laci. Jumlah yang diharapkan tampil setelah laci ditutup.',
  counted: 'Dihitung',
  varianceReason: 'Alasan selisih',
  confirmClose: 'Tutup dan cetak Z',
  closedTitle: 'Laci ditutup · Z {{number}}',
  expected: 'Seharusnya',
  variance: 'Selisih',
  reasonNeeded: 'Hitungan berbeda dari kas seharusnya: isi alasannya.',
  print: 'Cetak',
  back: 'Kembali',
  sales: 'Penjualan',
  refunds: 'Pengembalian',
  drops: 'Setoran',
  tenders: 'Metode bayar',
  cashSales: 'Penjualan tunai',
  done: 'Selesai',
  cashSection: 'Kas di laci',
  salesSection: 'Penjualan',
  orders_one: '{{count}} pesanan',
  orders_other: '{{count}} pesanan',
};

/** Adds the drawer's words to the register's i18next instance once. */
export function addDrawerStrings(i18n: I18n): void {
  if (!i18n.hasResourceBundle('en', 'translation') || i18n.exists('drawer.button', { lng: 'en' })) {
    return;
  }
  i18n.addResourceBundle('en', 'translation', { drawer: en }, true, false);
  i18n.addResourceBundle('id', 'translation', { drawer: id }, true, false);
}
