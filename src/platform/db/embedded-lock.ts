import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Which process runs the embedded PostgreSQL of a data directory, and on which port:
 * `<dataDir>/kasir.lock`. A second `npm start` must not stop the first one's PostgreSQL (the
 * start-up code stops a postmaster it believes orphaned), and the operator commands
 * (`db:backup`, `db:migrate`, `platform:admin`, …) connect to the running server's PostgreSQL
 * instead of starting their own.
 */
export interface ClusterOwner {
  pid: number;
  port: number;
  /** The cluster directory. */
  dir: string;
}

const lockFile = (dataDir: string) => path.join(dataDir, 'kasir.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process that holds the lock, when it is still alive (a lock left by a killed process is ignored). */
export async function findClusterOwner(dataDir: string): Promise<ClusterOwner | null> {
  const text = await fs.readFile(lockFile(dataDir), 'utf8').catch(() => undefined);
  if (text === undefined) {
    return null;
  }
  let owner: ClusterOwner;
  try {
    owner = JSON.parse(text) as ClusterOwner;
  } catch {
    return null;
  }
  if (!Number.isInteger(owner.pid) || !Number.isInteger(owner.port) || !alive(owner.pid)) {
    return null;
  }
  // After a reboot the pid may belong to something else: a Kasir process is a node process.
  const cmdline = await fs.readFile(`/proc/${owner.pid}/cmdline`, 'utf8').catch(() => undefined);
  if (cmdline !== undefined && !cmdline.includes('node')) {
    return null;
  }
  return owner;
}

/** Records this process as the one running the cluster. */
export async function claimCluster(dataDir: string, owner: ClusterOwner): Promise<void> {
  await fs.writeFile(lockFile(dataDir), JSON.stringify(owner) + '\n', { mode: 0o600 });
}

/** Removes the lock if this process still holds it. */
export async function releaseCluster(dataDir: string, pid = process.pid): Promise<void> {
  const text = await fs.readFile(lockFile(dataDir), 'utf8').catch(() => undefined);
  let holder: number | undefined;
  try {
    holder = text === undefined ? undefined : (JSON.parse(text) as Partial<ClusterOwner>).pid;
  } catch {
    holder = undefined;
  }
  if (holder === pid) {
    await fs.rm(lockFile(dataDir), { force: true });
  }
}
