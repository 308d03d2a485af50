// npm run db:restore -- <file> [--replace] — restores a `db:backup` archive into DATABASE_URL or the
// embedded database (Kasir must be stopped). A database that holds data is replaced only with
// --replace. The archive is checked completely before anything is touched.
import path from 'node:path';
import { loadConfig } from '../platform/config/config.ts';
import { restoreBackup } from '../platform/db/backup.ts';
import { openDatabase } from '../platform/db/open.ts';
import { parseOptions, runIfMain, UsageError, type CliIo } from './cli-kit.ts';

const USAGE = 'npm run db:restore -- <file> [--replace]';

export async function restoreCommand(argv: string[], io: CliIo, env = process.env): Promise<number> {
  const { values, positionals } = parseOptions(argv, { replace: { type: 'boolean' } }, USAGE, true);
  if (positionals.length !== 1) {
    throw new UsageError(`name one backup file\nusage: ${USAGE}`);
  }
  const file = path.resolve(positionals[0]!);
  const config = loadConfig(env);
  // share: false — a running Kasir must be stopped first (its caches and sockets would hold old data).
  const opened = await openDatabase(config, { tool: true, share: false, migrate: false });
  try {
    io.out(`database: ${opened.description}`);
    const result = await restoreBackup(opened.db, file, { replace: values.replace ?? false });
    io.out(
      `restored ${file}: ${result.total} rows in ${result.header.tables.length} tables (backup of ${result.header.createdAt})`,
    );
    for (const name of result.migrated) {
      io.out(`applied  ${name}`);
    }
    io.out(
      'start Kasir with the secrets of the backed-up installation (JWT secret, encryption key' +
        (opened.embedded ? `, ${path.join(config.dataDir, 'secrets.json')}` : '') +
        '), or stored gateway credentials and webhook secrets cannot be read',
    );
    return 0;
  } finally {
    await opened.close();
  }
}

runIfMain(import.meta, restoreCommand);
