// CPU accounting for the sale bench: this process (process.cpuUsage) and the PostgreSQL cluster
// (every process of its postmaster, from /proc — exited backends count through the postmaster's
// cutime/cstime, since the postmaster reaps them), and round trips (every query any pg client in
// this process sends: pool, LISTEN connections, workers — what the server really sends).
import { promises as fs } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime, stime, cutime, cstime (ticks) and ppid of a process, or null when it is gone/unreadable. */
async function procStat(pid: number): Promise<{ ppid: number; ticks: number; children: number } | null> {
  try {
    const text = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    // The command may contain spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is the state (field 3); ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
    const at = (field: number) => Number(fields[field - 3]);
    return { ppid: at(4), ticks: at(14) + at(15), children: at(16) + at(17) };
  } catch {
    return null;
  }
}

/** A CPU meter for one PostgreSQL cluster on this machine, found from one of its backends' pid. */
export interface PgCpuMeter {
  /** Milliseconds of CPU the cluster has used so far (a running total; take differences). */
  sample(): Promise<number>;
}

export async function pgCpuMeter(backendPid: number): Promise<PgCpuMeter | null> {
  const backend = await procStat(backendPid);
  if (!backend) {
    return null; // PostgreSQL on another machine (or /proc not readable): not measured
  }
  const postmaster = backend.ppid;
  return {
    async sample() {
      const pids = (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
      let ticks = 0;
      const stats = await Promise.all(pids.map(async (pid) => ({ pid, stat: await procStat(pid) })));
      for (const { pid, stat } of stats) {
        if (!stat) {
          continue;
        }
        if (pid === postmaster) {
          ticks += stat.ticks + stat.children;
        } else if (stat.ppid === postmaster) {
          ticks += stat.ticks;
        }
      }
      return (ticks * 1000) / TICKS_PER_SECOND;
    },
  };
}

/** This process's CPU time so far, in milliseconds. */
export function nodeCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

let queries = 0;
let installed = false;
/**
 * Counts every query sent by any pg client of this process (Client.prototype.query): a round trip
 * each. Installed once; read the running total with `roundTrips()`.
 */
export function countRoundTrips(): void {
  if (installed) {
    return;
  }
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    queries += 1;
    return original.apply(this, args);
  };
}
export function roundTrips(): number {
  return queries;
}
