import { sql, type Insertable, type Updateable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { notFound } from '../../platform/http/errors.ts';

export type PrinterRow = Awaited<ReturnType<typeof getPrinterRow>>;

export async function getPrinterRow(db: Executor, tenantId: string, id: string) {
  const row = await db
    .selectFrom('printers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw notFound('printers', id);
  }
  return row;
}

export async function insertPrinter(tx: Tx, row: Insertable<DB['printers']>) {
  return tx.insertInto('printers').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePrinter(tx: Tx, tenantId: string, id: string, set: Updateable<DB['printers']>) {
  return tx
    .updateTable('printers')
    .set(set)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listPrinterRows(db: Executor, tenantId: string, outletIds: readonly string[] | null) {
  let q = db.selectFrom('printers').selectAll().where('tenant_id', '=', tenantId);
  if (outletIds) {
    if (outletIds.length === 0) {
      return [];
    }
    q = q.where('outlet_id', 'in', [...outletIds]);
  }
  return q.orderBy('name').orderBy('id').execute();
}

/** The outlet's first enabled receipt printer, if any. */
export async function findReceiptPrinter(db: Executor, tenantId: string, outletId: string) {
  return db
    .selectFrom('printers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .where('kind', '=', 'receipt')
    .where('enabled', '=', true)
    .orderBy('created_at')
    .executeTakeFirst();
}

export type JobRow = Awaited<ReturnType<typeof getJobRow>>;

export async function getJobRow(db: Executor, tenantId: string, id: string) {
  const row = await db
    .selectFrom('print_jobs')
    .select([
      'tenant_id',
      'id',
      'printer_id',
      'order_id',
      'document',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'created_at',
      'printed_at',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw notFound('print_jobs', id);
  }
  return row;
}

export async function insertJob(tx: Tx, row: Insertable<DB['print_jobs']>): Promise<void> {
  await tx.insertInto('print_jobs').values(row).execute();
}

export interface ClaimedJob {
  tenant_id: string;
  id: string;
  printer_id: string;
  payload: Buffer;
  attempts: number;
  host: string;
  port: number;
}

/**
 * Claims due jobs of every tenant with a lease: per printer only its oldest unfinished job (jobs
 * print in order, one at a time), skipping rows another worker holds. A `printing` job whose lease
 * ran out (its worker died) is due again.
 */
export async function claimJobs(db: Executor, token: string, now: Date, leaseMs: number, limit: number) {
  const r = await sql<ClaimedJob>`
    WITH due AS (
      SELECT j.tenant_id, j.id FROM print_jobs j
       WHERE j.status IN ('queued', 'printing') AND j.next_attempt_at <= ${now}
         AND (j.status = 'queued' OR j.lease_expires_at < ${now})
         AND NOT EXISTS (
           SELECT 1 FROM print_jobs o
            WHERE o.tenant_id = j.tenant_id AND o.printer_id = j.printer_id
              AND o.status IN ('queued', 'printing') AND (o.created_at, o.id) < (j.created_at, j.id))
       ORDER BY j.next_attempt_at
       LIMIT ${limit}
       FOR UPDATE OF j SKIP LOCKED
    )
    UPDATE print_jobs j
       SET status = 'printing', lease_token = ${token}, attempts = j.attempts + 1,
           lease_expires_at = ${new Date(now.getTime() + leaseMs)}
      FROM due, printers p
     WHERE j.tenant_id = due.tenant_id AND j.id = due.id
       AND p.tenant_id = j.tenant_id AND p.id = j.printer_id
    RETURNING j.tenant_id, j.id, j.printer_id, j.payload, j.attempts, p.host, p.port`.execute(db);
  return r.rows;
}
