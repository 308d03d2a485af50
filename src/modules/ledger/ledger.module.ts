import type { AppModule } from '../../platform/module.ts';
import { ledgerRoutes } from './ledger.routes.ts';

/** Ledger: double-entry postings (written by orders and payments), trial balance, tie-out check. */
export function createLedgerModule() {
  return { name: 'ledger', services: {}, routes: ledgerRoutes } satisfies AppModule;
}
