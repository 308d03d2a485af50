// npm run audit:verify -- [tenantId …] — verifies audit hash chains (all tenants by default) on
// DATABASE_URL or the embedded database; exits 1 and names the first broken link on failure.
import { loadConfig } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/open.ts';
import { verifyAuditChain } from '../platform/audit/audit.ts';

const opened = await openDatabase(loadConfig(), { tool: true });
let failed = false;
try {
  const ids = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const tenants =
    ids.length > 0
      ? ids
      : (await opened.db.selectFrom('tenants').select('id').orderBy('id').execute()).map((t) => t.id);
  for (const tenantId of tenants) {
    const result = await verifyAuditChain(opened.db, tenantId);
    if (result.ok) {
      console.log(`ok      ${tenantId}  ${result.entries} entries`);
    } else {
      failed = true;
      console.log(`BROKEN  ${tenantId}  at entry ${result.firstBroken?.seq}: ${result.firstBroken?.reason}`);
    }
  }
} finally {
  await opened.close();
}
process.exit(failed ? 1 : 0);
