import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, withDatabase } from '../platform/db/db.ts';
import { knownMigrations } from '../platform/db/migrate.ts';
import type { CliIo } from './cli-kit.ts';
import { migrateCommand } from './migrate.ts';

// `npm run db:migrate` on an empty database of its own (created here, dropped by the global teardown).
let url: string;
beforeAll(async () => {
  const name = `kasir_m_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = createDb({ connectionString: inject('pgUrl'), max: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin);
  await admin.destroy();
  url = withDatabase(inject('pgUrl'), name);
});
afterAll(async () => {
  const admin = createDb({ connectionString: inject('pgUrl'), max: 1 });
  await sql`drop database if exists ${sql.id(new URL(url).pathname.slice(1))} with (force)`.execute(admin);
  await admin.destroy();
});

async function run(argv: string[], env: NodeJS.ProcessEnv = { DATABASE_URL: url }) {
  const lines: string[] = [];
  const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
  const code = await migrateCommand(argv, io, env);
  return { code, lines };
}

describe('npm run db:migrate', () => {
  it('--status lists pending migrations on an empty database without applying them', async () => {
    const all = await knownMigrations();
    const status = await run(['--status']);
    expect(status.code).toBe(0);
    expect(status.lines.filter((l) => l.startsWith('pending  '))).toEqual(all.map((m) => `pending  ${m}`));
    expect(status.lines.at(-1)).toBe(
      `${all.length} pending: run npm run db:migrate (Kasir also applies them at start)`,
    );
    const again = await run(['--status']);
    expect(again.lines.filter((l) => l.startsWith('pending  '))).toHaveLength(all.length);
  });

  it('names each migration it applies, then says the database is up to date', async () => {
    const all = await knownMigrations();
    const first = await run([]);
    expect(first.code).toBe(0);
    expect(first.lines.filter((l) => l.startsWith('applied  '))).toEqual(all.map((m) => `applied  ${m}`));
    expect(first.lines.at(-1)).toBe(`${all.length} migration(s) applied`);
    const second = await run([]);
    expect(second.lines.at(-1)).toBe('up to date: nothing to apply');
    const status = await run(['--status']);
    expect(status.lines.filter((l) => l.startsWith('applied  ')).map((l) => l.split(/\s+/)[1])).toEqual(all);
    expect(status.lines.filter((l) => l.startsWith('pending'))).toEqual([]);
    expect(status.lines.at(-1)).toBe('up to date');
  });

  it('fails before touching anything when the configuration is missing or wrong', async () => {
    await expect(run([], { NODE_ENV: 'production' })).rejects.toThrow(
      /NODE_ENV=production needs to be told where the data lives: set DATABASE_URL .* or KASIR_DATA_DIR/,
    );
    await expect(run([], { DATABASE_URL: 'mysql://root@localhost/kasir' })).rejects.toThrow(
      /DATABASE_URL must be a postgres:\/\/ URL/,
    );
    await expect(run([], { DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' })).rejects.toThrow(
      /Cannot reach the database \(postgres:\/\/nobody@127\.0\.0\.1:1\/none\)/,
    );
    await expect(run(['--force'], {})).rejects.toThrow(
      /Unknown option '--force'[\s\S]*usage: npm run db:migrate/,
    );
  });

  it('as a process: one line on stderr and a non-zero exit code', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: '', KASIR_DATA_DIR: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error: NODE_ENV=production needs to be told where the data lives/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});
