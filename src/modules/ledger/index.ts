// Public API of the ledger module: double-entry postings, trial balance and the tie-out check.
export {
  ACCOUNTS,
  TENDER_ACCOUNT,
  postPayment,
  postRefund,
  postSale,
  postInventory,
  returnSplit,
  assertBalanced,
} from './posting.ts';
export type { Account, PostingLine, Tender, RefundWeights, SaleFigures } from './posting.ts';
export {
  postEntry,
  postEntries,
  ledgerRows,
  trialBalance,
  entriesOfOrder,
  type EntryInput,
  type LedgerRows,
} from './ledger.repo.ts';
export { checkLedger, type LedgerCheck } from './ledger-check.ts';
export { createLedgerModule } from './ledger.module.ts';
