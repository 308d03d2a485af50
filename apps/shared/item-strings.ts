// The item sheet's words (apps/shared/ui/ItemDialog.tsx), for every app that shows it: each
// app's string table includes them under `item`.
export const itemStringsEn = {
  variant: 'Size',
  chooseExactly: 'choose {{count}}',
  chooseUpTo: 'up to {{count}}',
  chooseAtLeast: 'at least {{count}}',
  optional: 'optional',
  notes: 'Notes',
  notesPlaceholder: 'e.g. no chilli',
  quantity: 'Quantity',
  add: 'Add · {{amount}}',
  update: 'Update · {{amount}}',
  remove: 'Remove line',
  cancel: 'Cancel',
  decrease: 'Decrease quantity',
  increase: 'Increase quantity',
};

export const itemStringsId: typeof itemStringsEn = {
  variant: 'Ukuran',
  chooseExactly: 'pilih {{count}}',
  chooseUpTo: 'maks {{count}}',
  chooseAtLeast: 'min {{count}}',
  optional: 'opsional',
  notes: 'Catatan',
  notesPlaceholder: 'mis. tidak pedas',
  quantity: 'Jumlah',
  add: 'Tambah · {{amount}}',
  update: 'Simpan · {{amount}}',
  remove: 'Hapus baris',
  cancel: 'Batal',
  decrease: 'Kurangi jumlah',
  increase: 'Tambah jumlah',
};
