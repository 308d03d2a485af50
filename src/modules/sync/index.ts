// Public API of the sync module: offline registers' receipt blocks, exactly-once sale sync, reports.
export { createSyncModule } from './sync.module.ts';
export type { SyncSales } from './sync-sales.ts';
export { releaseDeviceBlocks } from './receipt-blocks.ts';
