// npm run reports:rebuild -- [tenantId …] — throws away the report rollups (all tenants by default)
// and replays the event log into them, on DATABASE_URL or the embedded database. Then checks them
// against the ledger (the same check as GET /v1/reports/check); exits 1 when a day differs.
import { loadConfig } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/open.ts';
import { checkReports, rebuildReports } from '../modules/reports/index.ts';

const opened = await openDatabase(loadConfig(), { tool: true });
let failed = false;
try {
  const ids = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const tenants =
    ids.length > 0
      ? ids
      : (await opened.db.selectFrom('tenants').select('id').orderBy('id').execute()).map((t) => t.id);
  for (const tenantId of tenants) {
    const started = Date.now();
    await rebuildReports(opened.db, tenantId);
    const check = await checkReports(opened.db, tenantId, null);
    failed ||= !check.ok;
    console.log(
      `${check.ok ? 'ok     ' : 'DIFFERS'} ${tenantId}  ${check.daysChecked} days in ${Date.now() - started} ms` +
        (check.ok ? '' : `; first: ${JSON.stringify(check.mismatches[0])}`),
    );
  }
} finally {
  await opened.close();
}
process.exit(failed ? 1 : 0);
