// Machine details and the record of each run in docs/BENCHMARKS.md.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from '../src/platform/db/db.ts';
import type { BenchDatabase } from './database.ts';

export const DOC_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/BENCHMARKS.md');

/** Label and value pairs, in print order. */
export type Details = [label: string, value: string][];

async function setting(db: Db, name: 'fsync' | 'synchronous_commit'): Promise<string> {
  const { rows } = await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db);
  return rows[0]?.value ?? '?';
}

export async function machineDetails(
  database: BenchDatabase,
  load: {
    seconds: number;
    warmupSeconds: number;
    realtimeSeconds: number;
    loadAverage: number;
    http: boolean;
    sale?: boolean;
    realtime: boolean;
  },
): Promise<Details> {
  const cpus = os.cpus();
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(database.db);
  const durability = `fsync=${await setting(database.db, 'fsync')}, synchronous_commit=${await setting(database.db, 'synchronous_commit')}`;
  const details: Details = [
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
  ];
  if (load.http || load.sale) {
    details.push([
      'Load',
      `autocannon in a child process on the same machine, sharing its ${cpus.length} CPUs with the server and PostgreSQL; ` +
        `${load.warmupSeconds} s warm-up, then ${load.seconds} s measured per row`,
    ]);
  }
  if (load.realtime) {
    details.push([
      'Realtime',
      `each server in its own process, socket.io-client websockets in child processes (up to 5,000 sockets each), ` +
        `all sharing the ${cpus.length} CPUs with PostgreSQL; 1 s warm-up, then ${load.realtimeSeconds} s of events per row`,
    ]);
  }
  return details;
}

/** A table and the lines that go with it. */
export interface Section {
  heading?: string;
  text: string;
  markdown: string;
  /** Facts about the runs, listed under the table. */
  info?: readonly string[];
}

export function textReport(details: Details, sections: readonly Section[]): string {
  const width = Math.max(...details.map(([label]) => label.length));
  return [
    ...details.map(([label, value]) => `${label.padEnd(width)}  ${value}`),
    ...sections.flatMap((s) => [
      '',
      ...(s.heading ? [s.heading, ''] : []),
      s.text,
      ...(s.info?.length ? ['', ...s.info.map((i) => `- ${i}`)] : []),
    ]),
  ].join('\n');
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
- **create order (3 lines)** — \`POST /v1/orders\` with three lines (variants, modifiers, an
  exclusive tax, a taxable service charge): catalog lookups, the engine, the day's order number,
  lines, totals, events, audit and idempotency record in one transaction.
- **checkout (3 lines + cash)** — what a register does for a cash sale: the same order (on a
  register) with \`POST /v1/orders\`, then \`POST /v1/orders/:id/payments\` with
  \`{ method: 'cash', tendered, completeOrder: true }\` — the next Rp50,000 note above the
  Rp142,065 total, so with change, and Rp100 cash rounding — which takes the whole balance, posts
  the payment and the sale to the ledger and completes the order in one transaction. Each request
  has its own \`Idempotency-Key\`; the second is sent on the same connection once the first has
  answered. Latency is per checkout (the two requests' latencies added), throughput in
  checkouts/s. After each run the ledger check, the audit chain and the newest completed order
  (paid) are verified.

**throughput** is operations per second — requests (\`req/s\`), or checkouts for the checkout — and
p50/p99 are over every operation of the measured run. \`non-2xx\` and \`errors\` (connection errors
and timeouts) count requests and must be 0; the runner warns otherwise.

Realtime fan-out (\`bench/realtime.ts\`; \`BENCH_ONLY=realtime\` runs only this part,
\`BENCH_ONLY=http\` skips it) runs the same load through Kasir's authenticated gateway and through
a bare Socket.IO server (no auth, no log, clients name their rooms), each in a fresh server
process, with the sockets (\`socket.io-client\`, \`transports: ['websocket']\`) in child processes
of up to 5,000 sockets each:

- **1 room, 10 events/s** — 1,000 sockets in one outlet room; Kasir also once without its
  \`LISTEN\` connection (**poll only**: the dispatcher's 1-second fallback alone).
- **1,000 rooms, 1,000 events/s** — 10,000 sockets, 10 per outlet room, over 100 businesses of
  10 outlets.
- **replay 1,000 missed** — a client disconnects, 1,000 events for its outlet are committed, it
  reconnects with \`lastSeq\`: time from creating the socket to holding all 1,000 (checked in
  order, without gap or duplicate), 10 tries; p99 of 10 tries is the slowest.

Kasir's events are real: the runner commits them with \`appendEvents\` (the log row, the tenant's
head row, \`NOTIFY\` on commit — what every mutation does), the events due together for one
business in one transaction, and the gateway tails the log and delivers them; the handshake
carries the owner's access token and subscribes to one outlet. Bare Socket.IO emits the same
envelope on the same schedule from its server process. Each payload carries its send time:
**p50/p99** are delivery latency from just before \`BEGIN\` (Kasir; so the commit is included, its
own times are listed under the table) or the emit (bare) to the client's receipt, over every
message. **messages/s** are messages received ÷ time from the first send to the last receipt;
**lost** counts messages a connected socket should have received and did not (must be 0).
**RSS/heap KiB/conn** are the server process's growth (after two full GCs) from before to after
connecting the sockets, ÷ sockets; at 1,000 sockets RSS is noisy (the allocator reuses what it
has), the heap is steadier. Listed under the table: how long connecting took, the server
process's CPU during the run (of one core), and the producer's transactions and commit times.
The server process holds every socket: with an open-files limit (\`ulimit -n\`) too low for the
target, the runner opens fewer and warns. Each row is a 1 s warm-up, then 10 s of events
(\`BENCH_REALTIME_SECONDS\`); \`BENCH_REALTIME_SCALE=0.1\` opens a tenth of the sockets, for quick
trials.

Run it:

\`\`\`sh
npm run bench                                                        # embedded PostgreSQL in a temp dir
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench  # a server: uses a fresh kasir_bench_* database, dropped at the end
\`\`\`

Every run appends a dated section below with the machine details and its tables
(\`BENCH_NO_RECORD=1\` skips that). The load generator runs on the same machine as the server and
the database and competes with them for CPU — on a small machine (the runs below had 2 cores)
the figures are a floor, not a ceiling. Compare runs on the same machine only.
`;

export async function appendRecord(
  at: Date,
  title: string,
  details: Details,
  sections: readonly Section[],
  notes: readonly string[],
): Promise<void> {
  const existing = await fs.readFile(DOC_PATH, 'utf8').catch(() => undefined);
  const stamp = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const section = [
    `## ${stamp} — ${title}`,
    '',
    ...details.map(([label, value]) => `- ${label}: ${value}`),
    ...sections.flatMap((s) => [
      '',
      ...(s.heading ? [`### ${s.heading}`, ''] : []),
      s.markdown,
      ...(s.info?.length ? ['', ...s.info.map((i) => `- ${i}`)] : []),
    ]),
    ...(notes.length > 0 ? ['', ...notes.map((n) => `- ⚠ ${n}`)] : []),
    '',
  ].join('\n');
  const base = existing ?? INTRO;
  await fs.mkdir(path.dirname(DOC_PATH), { recursive: true });
  await fs.writeFile(DOC_PATH, `${base.trimEnd()}\n\n${section}`);
}
