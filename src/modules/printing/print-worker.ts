import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { runTenantSystemMutation } from '../../platform/http/mutation.ts';
import { newId, type TenantId } from '../../platform/ids/ids.ts';
import { claimJobs, type ClaimedJob } from './printers.repo.ts';
import { sendRaw } from './tcp-send.ts';

export interface PrintWorkerOptions {
  /** How often the queue is looked at (a new job also wakes the worker on its node). */
  pollMs?: number;
  /** How long a claimed job is ours; a worker that died gives it up after this. */
  leaseMs?: number;
  /** Connect + send timeout per attempt. */
  sendTimeoutMs?: number;
  /** Back-off after a failed attempt: base × 2^(attempt−1), at most max. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Attempts before a job is given up (`failed`). */
  maxAttempts?: number;
  /** A printer down this long raises one `alert` (until it prints again). */
  alertAfterMs?: number;
}

/**
 * The print queue's worker: claims due jobs with a lease, sends them over raw TCP outside any
 * transaction, and records the outcome only while it still holds the lease — so a job is never
 * sent twice at once, and one whose worker died is retried when its lease ends. A printer that
 * stays down raises an `alert` event once. Delivery is at least once: a printer that took the bytes
 * but dropped the connection before it ended cleanly gets the job again.
 */
export function createPrintWorker(
  deps: { db: Db; clock: Clock; log: { warn(o: object, m: string): void } },
  options: PrintWorkerOptions = {},
) {
  const o = {
    pollMs: 1_000,
    leaseMs: 30_000,
    sendTimeoutMs: 5_000,
    retryBaseMs: 1_000,
    retryMaxMs: 60_000,
    maxAttempts: 50,
    alertAfterMs: 60_000,
    ...options,
  };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  async function outcome(job: ClaimedJob, token: string, error: Error | null): Promise<void> {
    const now = deps.clock.now();
    await runTenantSystemMutation(
      deps.db,
      deps.clock,
      job.tenant_id as TenantId,
      'print-worker',
      async (tx, sink) => {
        if (!error) {
          await tx
            .updateTable('print_jobs')
            .set({
              status: 'printed',
              printed_at: now,
              lease_token: null,
              lease_expires_at: null,
              last_error: null,
            })
            .where('tenant_id', '=', job.tenant_id)
            .where('id', '=', job.id)
            .where('lease_token', '=', token)
            .execute();
          await tx
            .updateTable('printers')
            .set({ status: 'online', last_error: null, down_since: null, alerted_at: null })
            .where('tenant_id', '=', job.tenant_id)
            .where('id', '=', job.printer_id)
            .execute();
          return;
        }
        const giveUp = job.attempts >= o.maxAttempts;
        const wait = Math.min(o.retryBaseMs * 2 ** (job.attempts - 1), o.retryMaxMs);
        await tx
          .updateTable('print_jobs')
          .set({
            status: giveUp ? 'failed' : 'queued',
            next_attempt_at: new Date(now.getTime() + wait),
            lease_token: null,
            lease_expires_at: null,
            last_error: error.message.slice(0, 500),
          })
          .where('tenant_id', '=', job.tenant_id)
          .where('id', '=', job.id)
          .where('lease_token', '=', token)
          .execute();
        const printer = await tx
          .updateTable('printers')
          .set((eb) => ({
            status: 'offline',
            last_error: error.message.slice(0, 500),
            down_since: eb.fn.coalesce('down_since', eb.val(now)),
          }))
          .where('tenant_id', '=', job.tenant_id)
          .where('id', '=', job.printer_id)
          .returning(['id', 'name', 'outlet_id', 'down_since', 'alerted_at'])
          .executeTakeFirstOrThrow();
        const downFor = now.getTime() - (printer.down_since ?? now).getTime();
        if (printer.alerted_at === null && downFor >= o.alertAfterMs) {
          await tx
            .updateTable('printers')
            .set({ alerted_at: now })
            .where('tenant_id', '=', job.tenant_id)
            .where('id', '=', job.printer_id)
            .execute();
          sink.emit({
            type: 'alert',
            version: 1,
            topic: 'alerts',
            outletId: printer.outlet_id,
            payload: {
              kind: 'printer.down',
              message: `Printer "${printer.name}" has not answered for ${Math.round(downFor / 1000)} s: ${error.message}`,
              printerId: printer.id,
            },
          });
        }
      },
    );
  }

  /** One pass: claim what is due and send it (printers in parallel, each printer's jobs in order). */
  async function tick(): Promise<number> {
    const token = newId();
    const jobs = await claimJobs(deps.db, token, deps.clock.now(), o.leaseMs, 20);
    await Promise.all(
      jobs.map(async (job) => {
        let error: Error | null = null;
        try {
          await sendRaw(job.host, job.port, job.payload, o.sendTimeoutMs);
        } catch (err) {
          error = err instanceof Error ? err : new Error(String(err));
        }
        try {
          await outcome(job, token, error);
        } catch (err) {
          deps.log.warn({ err, jobId: job.id }, 'recording a print outcome failed (the lease will run out)');
        }
      }),
    );
    return jobs.length;
  }

  function schedule(ms: number) {
    if (!stopped) {
      timer = setTimeout(() => void loop(), ms);
    }
  }
  async function loop(): Promise<void> {
    timer = null;
    if (running || stopped) {
      return;
    }
    running = (async () => {
      try {
        while (!stopped && (await tick()) > 0) {
          // keep going while there is work
        }
      } catch (err) {
        deps.log.warn({ err }, 'print queue pass failed');
      }
    })();
    await running;
    running = null;
    schedule(o.pollMs);
  }

  return {
    tick,
    /** A job was queued on this node: look now rather than at the next poll. */
    wake(): void {
      if (!stopped && timer) {
        clearTimeout(timer);
        timer = null;
        void loop();
      }
    },
    start(): void {
      if (stopped) {
        stopped = false;
        schedule(0);
      }
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      await running;
    },
  };
}
export type PrintWorker = ReturnType<typeof createPrintWorker>;
