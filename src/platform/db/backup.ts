import { once } from 'node:events';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { knownMigrations, migrateToLatest, migrateUpTo } from './migrate.ts';

/**
 * Kasir's backup archive: a logical copy of every table, taken in one REPEATABLE READ snapshot, so
 * it is consistent while the shop keeps selling. It works on the embedded PostgreSQL (whose npm
 * package ships no pg_dump) and on a server alike, and restores into any PostgreSQL version Kasir
 * supports (an embedded 18 into a server 15). Format, gzip-compressed UTF-8 lines:
 *
 *   #kasir-backup 1 {"createdAt":…,"migrations":[…],"server":"18.1","tables":[{"name":…,"columns":[…]}]}
 *   #table <name>            then one JSON object per row (`to_jsonb(row)`), then
 *   #rows <name> <count>
 *   …                        (tables in foreign-key order: parents first)
 *   #sequences {"<name>":"<last value>"}
 *   #end <total rows>
 *
 * Rows never pass through JavaScript numbers (bigint money stays exact): they are copied as text.
 * Not in the archive: the secrets (JWT secret, encryption keys, `<dataDir>/secrets.json`) — keep
 * those apart from it (docs/OPERATIONS.md).
 */
export const BACKUP_FORMAT = 1;
const MAGIC = '#kasir-backup';

export interface BackupHeader {
  createdAt: string;
  migrations: string[];
  server: string;
  tables: { name: string; columns: string[] }[];
}

export interface BackupSummary {
  header: BackupHeader;
  rows: Record<string, number>;
  total: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any schema
type AnyDb = Kysely<any>;

/** User tables of the `public` schema (not the migrator's own), parents before children. */
async function tablesInOrder(db: AnyDb): Promise<BackupHeader['tables']> {
  const tables = (
    await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname not like 'kysely\\_migration%' order by c.relname`.execute(db)
  ).rows.map((r) => r.name);
  const edges = (
    await sql<{ child: string; parent: string }>`
      select ch.relname as child, pa.relname as parent from pg_constraint k
      join pg_class ch on ch.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = 'public'::regnamespace and k.conrelid <> k.confrelid`.execute(
      db,
    )
  ).rows;
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find(
      (t) =>
        !placed.has(t) &&
        edges.every((e) => e.child !== t || placed.has(e.parent) || !tables.includes(e.parent)),
    );
    if (next === undefined) {
      throw new Error(
        `cannot order tables for a backup: a foreign-key cycle among ${tables.filter((t) => !placed.has(t)).join(', ')}`,
      );
    }
    ordered.push(next);
    placed.add(next);
  }
  const result: BackupHeader['tables'] = [];
  for (const name of ordered) {
    const columns = await sql<{ name: string }>`
      select attname as name from pg_attribute
      where attrelid = format('%I.%I', 'public', ${name}::text)::regclass and attnum > 0 and not attisdropped and attgenerated = ''
      order by attnum`.execute(db);
    result.push({ name, columns: columns.rows.map((c) => c.name) });
  }
  return result;
}

/** Writes a backup of the database to `file` (via a temporary file, renamed when complete; mode 600). */
export async function writeBackup(db: AnyDb, file: string): Promise<BackupSummary> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
  const write = async (line: string) => {
    if (!gzip.write(line + '\n')) {
      await once(gzip, 'drain');
    }
  };
  try {
    const summary = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => {
        const migrations = (
          await sql<{ name: string }>`select name from kysely_migration order by name`.execute(tx)
        ).rows.map((r) => r.name);
        const server = (await sql<{ v: string }>`show server_version`.execute(tx)).rows[0]!.v;
        const header: BackupHeader = {
          createdAt: new Date().toISOString(),
          migrations,
          server,
          tables: await tablesInOrder(tx),
        };
        await write(`${MAGIC} ${BACKUP_FORMAT} ${JSON.stringify(header)}`);
        const rows: Record<string, number> = {};
        let total = 0;
        for (const { name } of header.tables) {
          await write(`#table ${name}`);
          let count = 0;
          await sql`declare kasir_backup no scroll cursor for select to_jsonb(t)::text as row from ${sql.id(name)} t`.execute(
            tx,
          );
          for (;;) {
            const page = await sql<{ row: string }>`fetch forward 1000 from kasir_backup`.execute(tx);
            for (const r of page.rows) {
              await write(r.row);
            }
            count += page.rows.length;
            if (page.rows.length < 1000) {
              break;
            }
          }
          await sql`close kasir_backup`.execute(tx);
          await write(`#rows ${name} ${count}`);
          rows[name] = count;
          total += count;
        }
        // Read last: a sequence is not transactional, so its value now covers every row above.
        const sequences = await sql<{ name: string; value: string | null }>`
          select sequencename as name, last_value::text as value from pg_sequences where schemaname = 'public'`.execute(
          tx,
        );
        await write(
          `#sequences ${JSON.stringify(Object.fromEntries(sequences.rows.filter((s) => s.value !== null).map((s) => [s.name, s.value])))}`,
        );
        await write(`#end ${total}`);
        return { header, rows, total };
      });
    gzip.end();
    await done;
    await fs.rename(partial, file);
    return summary;
  } catch (err) {
    gzip.destroy();
    await done.catch(() => undefined);
    await fs.rm(partial, { force: true });
    throw err;
  }
}

type Section =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; name: string }
  | { kind: 'row'; table: string; json: string }
  | { kind: 'rows'; name: string; count: number }
  | { kind: 'sequences'; values: Record<string, string> }
  | { kind: 'end'; total: number };

/** The lines of a gzip file (errors of the file or of decompression end the iteration with a throw). */
async function* gzipLines(file: string): AsyncGenerator<string> {
  const stream = createReadStream(file).pipe(createGunzip());
  stream.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
  } catch (err) {
    throw new Error(
      `${file} is not a complete Kasir backup: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  } finally {
    stream.destroy();
  }
  if (rest !== '') {
    yield rest;
  }
}

/** Reads an archive line by line, checking its framing; throws on anything malformed or truncated. */
async function* readArchive(file: string): AsyncGenerator<Section> {
  const bad = (why: string) => new Error(`${file} is not a complete Kasir backup: ${why}`);
  let table: string | null = null;
  let count = 0;
  let first = true;
  let ended = false;
  for await (const line of gzipLines(file)) {
    if (ended) {
      throw bad('data after the end marker');
    }
    if (first) {
      first = false;
      const match = /^#kasir-backup (\d+) (.*)$/.exec(line);
      if (!match) {
        throw bad('no "#kasir-backup" header');
      }
      if (Number(match[1]) !== BACKUP_FORMAT) {
        throw bad(
          `format ${match[1]} is not supported by this version of Kasir (it reads format ${BACKUP_FORMAT})`,
        );
      }
      yield { kind: 'header', header: JSON.parse(match[2]!) as BackupHeader };
    } else if (table !== null && !line.startsWith('#')) {
      count += 1;
      yield { kind: 'row', table, json: line };
    } else if (line.startsWith('#table ') && table === null) {
      table = line.slice('#table '.length);
      count = 0;
      yield { kind: 'table', name: table };
    } else if (line.startsWith('#rows ') && table !== null) {
      const [, name, n] = line.split(' ');
      if (name !== table || Number(n) !== count) {
        throw bad(`table ${table} has ${count} rows, its marker says ${n}`);
      }
      yield { kind: 'rows', name: table, count };
      table = null;
    } else if (line.startsWith('#sequences ') && table === null) {
      yield {
        kind: 'sequences',
        values: JSON.parse(line.slice('#sequences '.length)) as Record<string, string>,
      };
    } else if (line.startsWith('#end ') && table === null) {
      ended = true;
      yield { kind: 'end', total: Number(line.slice('#end '.length)) };
    } else {
      throw bad(`unexpected line "${line.slice(0, 40)}"`);
    }
  }
  if (first) {
    throw bad('the file is empty');
  }
  if (!ended) {
    throw bad('no end marker (the file is cut short)');
  }
}

/** Reads a whole archive once, checking it, and says what it holds. */
export async function verifyBackup(file: string): Promise<BackupSummary> {
  let header: BackupHeader | undefined;
  const rows: Record<string, number> = {};
  let total = 0;
  for await (const s of readArchive(file)) {
    if (s.kind === 'header') {
      header = s.header;
    } else if (s.kind === 'rows') {
      rows[s.name] = s.count;
      total += s.count;
    } else if (s.kind === 'end' && s.total !== total) {
      throw new Error(
        `${file} is not a complete Kasir backup: ${total} rows, its end marker says ${s.total}`,
      );
    }
  }
  return { header: header!, rows, total };
}

/** Tables of the target that hold rows (a restore replaces them only when told to). */
async function tablesWithRows(db: AnyDb): Promise<string[]> {
  const found: string[] = [];
  for (const { name } of await tablesInOrder(db)) {
    const any = await sql<{ x: number }>`select 1 as x from ${sql.id(name)} limit 1`.execute(db);
    if (any.rows.length > 0) {
      found.push(name);
    }
  }
  return found;
}

const BATCH_ROWS = 500;
const BATCH_CHARS = 4_000_000;

/**
 * Restores an archive: checks it completely first, then recreates the `public` schema, migrates it
 * to the backup's version, loads every row in one transaction (all or nothing), sets sequences, and
 * applies this version's newer migrations. A database that holds rows is replaced only with
 * `replace: true`.
 */
export async function restoreBackup(
  db: AnyDb,
  file: string,
  options: { replace?: boolean } = {},
): Promise<BackupSummary & { migrated: string[] }> {
  const summary = await verifyBackup(file);
  const known = await knownMigrations();
  const { migrations } = summary.header;
  const unknown = migrations.find((m, i) => known[i] !== m);
  if (unknown !== undefined) {
    throw new Error(
      `the backup was made by a newer or different Kasir (migration ${unknown} is not in this version); restore it with that version`,
    );
  }
  const occupied = await tablesWithRows(db);
  if (occupied.length > 0 && !options.replace) {
    throw new Error(
      `the database is not empty (${occupied.slice(0, 5).join(', ')}${occupied.length > 5 ? ', …' : ''} hold rows). ` +
        'Pass --replace to drop everything in it and restore (take a backup of it first).',
    );
  }
  await sql`drop schema if exists public cascade`.execute(db);
  await sql`create schema public`.execute(db);
  const last = migrations[migrations.length - 1];
  if (last !== undefined) {
    await migrateUpTo(db, last);
  }
  const columns = new Map(summary.header.tables.map((t) => [t.name, t.columns]));
  await db.transaction().execute(async (tx) => {
    let batch: string[] = [];
    let chars = 0;
    let table = '';
    const flush = async () => {
      if (batch.length === 0) {
        return;
      }
      const cols = sql.join((columns.get(table) ?? []).map((c) => sql.id(c)));
      await sql`insert into ${sql.id(table)} (${cols}) select ${cols}
        from jsonb_populate_recordset(null::${sql.id(table)}, ${`[${batch.join(',')}]`}::jsonb)`.execute(tx);
      batch = [];
      chars = 0;
    };
    for await (const s of readArchive(file)) {
      if (s.kind === 'table') {
        table = s.name;
      } else if (s.kind === 'row') {
        batch.push(s.json);
        chars += s.json.length;
        if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
          await flush();
        }
      } else if (s.kind === 'rows') {
        await flush();
      } else if (s.kind === 'sequences') {
        for (const [name, value] of Object.entries(s.values)) {
          await sql`select setval(format('%I.%I', 'public', ${name}::text)::regclass, ${value}::bigint, true)`.execute(
            tx,
          );
        }
      }
    }
  });
  const migrated = await migrateToLatest(db);
  return { ...summary, migrated };
}
