// npm run db:backup [-- <file>] — a consistent backup of DATABASE_URL or the embedded database
// (also while Kasir runs), in Kasir's archive format (src/platform/db/backup.ts). Default file:
// backups/kasir-<UTC time>.kasir.gz. See docs/OPERATIONS.md for what to keep with it.
import path from 'node:path';
import { loadConfig } from '../platform/config/config.ts';
import { writeBackup } from '../platform/db/backup.ts';
import { openDatabase } from '../platform/db/open.ts';
import { parseOptions, runIfMain, UsageError, type CliIo } from './cli-kit.ts';

const USAGE = 'npm run db:backup [-- <file>]';

export async function backupCommand(argv: string[], io: CliIo, env = process.env): Promise<number> {
  const { positionals } = parseOptions(argv, {}, USAGE, true);
  if (positionals.length > 1) {
    throw new UsageError(`one file at most\nusage: ${USAGE}`);
  }
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = path.resolve(positionals[0] ?? path.join('backups', `kasir-${stamp}.kasir.gz`));
  const config = loadConfig(env);
  const opened = await openDatabase(config, { tool: true, migrate: false, create: false });
  try {
    io.out(`database: ${opened.description}`);
    const summary = await writeBackup(opened.db, file);
    const last = summary.header.migrations[summary.header.migrations.length - 1] ?? 'none';
    io.out(
      `backup written: ${file} (${summary.header.tables.length} tables, ${summary.total} rows, schema at ${last})`,
    );
    io.out(
      'it holds no secrets: keep, apart from it, ' +
        (opened.embedded ? `${path.join(config.dataDir, 'secrets.json')}, ` : '') +
        'KASIR_JWT_SECRET and KASIR_ENCRYPTION_KEY if you set them (docs/OPERATIONS.md)',
    );
    return 0;
  } finally {
    await opened.close();
  }
}

runIfMain(import.meta, backupCommand);
