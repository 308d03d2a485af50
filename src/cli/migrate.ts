// npm run db:migrate [-- --status] — applies pending migrations to DATABASE_URL or the embedded
// database and names each one; --status lists applied and pending migrations without applying.
import { loadConfig } from '../platform/config/config.ts';
import { migrateToLatest, migrationStatus } from '../platform/db/migrate.ts';
import { openDatabase } from '../platform/db/open.ts';
import { parseOptions, runIfMain, type CliIo } from './cli-kit.ts';

const USAGE = 'npm run db:migrate [-- --status]';

export async function migrateCommand(argv: string[], io: CliIo, env = process.env): Promise<number> {
  const { values } = parseOptions(argv, { status: { type: 'boolean' } }, USAGE);
  const opened = await openDatabase(loadConfig(env), { tool: true, migrate: false });
  try {
    io.out(`database: ${opened.description}`);
    if (values.status) {
      const status = await migrationStatus(opened.db);
      for (const m of status.applied) {
        const note = m.unknown ? '  (unknown to this version of Kasir: the database is newer)' : '';
        io.out(`applied  ${m.name}  ${m.executedAt.toISOString()}${note}`);
      }
      for (const name of status.pending) {
        io.out(`pending  ${name}`);
      }
      io.out(
        status.pending.length > 0
          ? `${status.pending.length} pending: run npm run db:migrate (Kasir also applies them at start)`
          : 'up to date',
      );
      return 0;
    }
    const applied = await migrateToLatest(opened.db);
    for (const name of applied) {
      io.out(`applied  ${name}`);
    }
    io.out(applied.length > 0 ? `${applied.length} migration(s) applied` : 'up to date: nothing to apply');
    return 0;
  } finally {
    await opened.close();
  }
}

runIfMain(import.meta, migrateCommand);
