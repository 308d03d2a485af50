// npm run db:types — regenerates src/platform/db/schema.ts from a freshly migrated database.
// npm run db:types:check — fails when the committed file differs (schema drift).
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../platform/db/db.ts';
import { startEmbeddedPostgres } from '../platform/db/embedded.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outFile = path.join(root, 'src/platform/db/schema.ts');
const check = process.argv.includes('--check');

const dir = await mkdtemp(path.join(os.tmpdir(), 'kasir-types-'));
await chmod(dir, 0o755); // the embedded server may run as the postgres user
const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), password: 'types' });
let failed = false;
try {
  const db = createDb({ connectionString: server.url });
  await migrateToLatest(db);
  await db.destroy();
  const args = [
    'kysely-codegen',
    '--dialect=postgres',
    `--url=${server.url}`,
    `--out-file=${outFile}`,
    '--exclude-pattern=kysely_migration*',
    '--date-parser=string',
    '--log-level=error',
    ...(check ? ['--verify'] : []),
  ];
  try {
    execFileSync('npx', args, { cwd: root, stdio: 'inherit' });
    console.log(check ? 'schema types are up to date' : `wrote ${path.relative(root, outFile)}`);
  } catch {
    failed = true;
    console.error(
      check ? 'schema types drifted from migrations: run `npm run db:types` and commit' : 'codegen failed',
    );
  }
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
