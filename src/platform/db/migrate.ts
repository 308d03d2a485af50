import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Migrator,
  sql,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../migrations',
);

/** Reads `migrations/*.sql` in name order; each file is one migration, run in a transaction. */
class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(this.dir)).filter((f) => f.endsWith('.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await fs.readFile(path.join(this.dir, file), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = {
        up: async (db: Kysely<unknown>) => {
          await sql.raw(text).execute(db);
        },
      };
    }
    return migrations;
  }
}

/**
 * Migrations from parallel branches can land out of name order (0019 after 0022): a database that
 * already applied a later name still applies the earlier one it lacks. Each migration touches its
 * own tables, so their order between branches does not matter.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
function newMigrator(db: Kysely<any>, dir: string): Migrator {
  return new Migrator({ db, provider: new SqlFileMigrationProvider(dir), allowUnorderedMigrations: true });
}

/** Applies every pending migration; throws with the failing migration's name on error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrator = newMigrator(db, dir);
  return applied(await migrator.migrateToLatest());
}

/** The names of the migrations a run applied; throws with the failing migration's name. */
function applied({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface MigrationStatus {
  /** Applied migrations, in order, with when they ran (those without a file here are `unknown`). */
  applied: { name: string; executedAt: Date; unknown: boolean }[];
  /** Migrations of this version of Kasir not yet applied. */
  pending: string[];
}

/** What `db:migrate --status` prints: applied and pending migrations, without applying any. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrationStatus(db: Kysely<any>, dir = MIGRATIONS_DIR): Promise<MigrationStatus> {
  const migrator = newMigrator(db, dir);
  const known = await migrator.getMigrations();
  const names = new Set(known.map((m) => m.name));
  const table = await sql<{
    exists: boolean;
  }>`select to_regclass('kysely_migration') is not null as exists`.execute(db);
  const rows = table.rows[0]?.exists
    ? (
        await sql<{
          name: string;
          timestamp: string;
        }>`select name, timestamp from kysely_migration order by name`.execute(db)
      ).rows
    : [];
  return {
    applied: rows.map((r) => ({
      name: r.name,
      executedAt: new Date(r.timestamp),
      unknown: !names.has(r.name),
    })),
    pending: known.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

/** Applies migrations up to and including `name` (a restore brings the schema to the backup's version). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateUpTo(db: Kysely<any>, name: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrator = newMigrator(db, dir);
  return applied(await migrator.migrateTo(name));
}

/** The names of this version's migrations, in order. */
export async function knownMigrations(dir = MIGRATIONS_DIR): Promise<string[]> {
  return Object.keys(await new SqlFileMigrationProvider(dir).getMigrations());
}
