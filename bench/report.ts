// Machine details and the record of each run in docs/BENCHMARKS.md.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from '../src/platform/db/db.ts';
import type { BenchDatabase } from './database.ts';
import { markdownTable, textTable, type Row } from './table.ts';

export const DOC_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/BENCHMARKS.md');

/** Label and value pairs, in print order. */
export type Details = [label: string, value: string][];

async function setting(db: Db, name: 'fsync' | 'synchronous_commit'): Promise<string> {
  const { rows } = await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db);
  return rows[0]?.value ?? '?';
}

export async function machineDetails(
  database: BenchDatabase,
  load: { seconds: number; warmupSeconds: number; loadAverage: number },
): Promise<Details> {
  const cpus = os.cpus();
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(database.db);
  const durability = `fsync=${await setting(database.db, 'fsync')}, synchronous_commit=${await setting(database.db, 'synchronous_commit')}`;
  return [
    ['CPU', `${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length}`],
    ['Memory', `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`],
    ['OS', `${os.type()} ${os.release()} ${os.arch()}`],
    [
      'Load average at start',
      `${load.loadAverage.toFixed(2)} (1 min; anything else running skews the figures)`,
    ],
    ['Node', process.version],
    ['PostgreSQL', rows[0]?.version ?? 'unknown'],
    ['Database', `${database.kind} PostgreSQL — ${database.description} (${durability})`],
    [
      'Load',
      `autocannon in a child process on the same machine, sharing its ${cpus.length} CPUs with the server and PostgreSQL; ` +
        `${load.warmupSeconds} s warm-up, then ${load.seconds} s measured per row`,
    ],
  ];
}

export function textReport(details: Details, rows: readonly Row[]): string {
  const width = Math.max(...details.map(([label]) => label.length));
  return [...details.map(([label, value]) => `${label.padEnd(width)}  ${value}`), '', textTable(rows)].join(
    '\n',
  );
}

const INTRO = `# Benchmarks

\`npm run bench\` (\`bench/run.ts\`) starts the Kasir server in-process on 127.0.0.1 with a fresh,
migrated database, seeds it through the HTTP API (\`POST /v1/signup\`), and measures each scenario
at 1 and at 32 concurrent connections with [autocannon](https://github.com/mcollina/autocannon)
running in a child process. Each row is a 1 s warm-up followed by a measured run (5 s by default,
\`BENCH_SECONDS\` to change it). Rate limits are raised out of the way; everything else is the
production configuration, with durable PostgreSQL settings (fsync on).

Scenarios (\`bench/scenarios.ts\`; add one there):

- **login** — \`POST /v1/auth/login\`. Verifies an argon2id hash and opens a session: slow by
  design, expect tens to a few hundred per second.
- **authenticated read** — \`GET /v1/outlets\` with a bearer token (token check, session lookup,
  a small indexed read).
- **idempotent create** — \`POST /v1/outlets\` with a fresh \`Idempotency-Key\` per request: one
  transaction that inserts the outlet, appends to the tenant's audit hash chain and stores the
  idempotency record. The chain is verified after each run.

p50/p99 are over every response of the measured run. \`non-2xx\` and \`errors\` (connection errors
and timeouts) must be 0; the runner warns otherwise.

Run it:

\`\`\`sh
npm run bench                                                        # embedded PostgreSQL in a temp dir
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench  # a server: uses a fresh kasir_bench_* database, dropped at the end
\`\`\`

Every run appends a dated section below with the machine details and its table
(\`BENCH_NO_RECORD=1\` skips that). The load generator runs on the same machine as the server and
the database and competes with them for CPU — on a small machine (the runs below had 2 cores)
the figures are a floor, not a ceiling. Compare runs on the same machine only.
`;

export async function appendRecord(
  at: Date,
  title: string,
  details: Details,
  rows: readonly Row[],
  notes: readonly string[],
): Promise<void> {
  const existing = await fs.readFile(DOC_PATH, 'utf8').catch(() => undefined);
  const stamp = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const section = [
    `## ${stamp} — ${title}`,
    '',
    ...details.map(([label, value]) => `- ${label}: ${value}`),
    '',
    markdownTable(rows),
    ...(notes.length > 0 ? ['', ...notes.map((n) => `- ⚠ ${n}`)] : []),
    '',
  ].join('\n');
  const base = existing ?? INTRO;
  await fs.mkdir(path.dirname(DOC_PATH), { recursive: true });
  await fs.writeFile(DOC_PATH, `${base.trimEnd()}\n\n${section}`);
}
