// The raw reference of the sale bench: the rows one Kasir sale wrote (read back from the database),
// written again — with fresh ids, the next order and receipt numbers, event and audit sequence
// numbers and hash chain — as ONE SQL transaction from a minimal `pg` client per connection. What a sale costs when
// nothing but the row writes is done: the yardstick for Kasir's sale path.
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';

/** Rows as text, exactly as PostgreSQL prints them (no parsing: they go back as they came). */
type TextRow = Record<string, string | null>;

export interface SaleTemplate {
  tenantId: string;
  idempotency: TextRow[];
  counter: TextRow;
  order: TextRow;
  lines: TextRow[];
  payment: TextRow;
  entries: TextRow[];
  entryLines: TextRow[];
  events: TextRow[];
  audit: TextRow[];
  /** The receipt counter the completion took its number from (receipt numbers, issue 14). */
  receiptCounter: TextRow | undefined;
  /** The sale's cost of goods per line (inventory, issue 16). */
  costs: TextRow[];
}

const textTypes = { getTypeParser: () => (value: string) => value };

function rawClient(url: string): pg.Client {
  return new pg.Client({ connectionString: url, types: textTypes, application_name: 'kasir-bench-raw' });
}

/** Reads back what the sale of `orderId` wrote, with the events and audit entries after the given heads. */
export async function readSaleTemplate(
  url: string,
  tenantId: string,
  orderId: string,
  since: { eventSeq: string; auditSeq: string },
  idempotencyKeys: string[],
): Promise<SaleTemplate> {
  const c = rawClient(url);
  await c.connect();
  try {
    const q = async (text: string, values: unknown[]) => (await c.query<TextRow>(text, values)).rows;
    const [order] = await q('select * from orders where tenant_id = $1 and id = $2', [tenantId, orderId]);
    const [payment] = await q('select * from payments where tenant_id = $1 and order_id = $2', [
      tenantId,
      orderId,
    ]);
    if (!order || !payment) {
      throw new Error(`the template sale ${orderId} is not in the database`);
    }
    const [counter] = await q(
      'select * from order_counters where tenant_id = $1 and outlet_id = $2 and business_date = $3',
      [tenantId, order.outlet_id, order.business_date],
    );
    const entries = await q(
      'select * from ledger_entries where tenant_id = $1 and order_id = $2 order by id',
      [tenantId, orderId],
    );
    const [receiptCounter] = await q(
      `select * from receipt_counters where tenant_id = $1 and kind = 'receipt' and scope_id = any($2)`,
      [tenantId, [order.outlet_id, order.register_id].filter((id) => id !== null)],
    );
    return {
      tenantId,
      idempotency: await q('select * from idempotency_keys where tenant_id = $1 and key = any($2)', [
        tenantId,
        idempotencyKeys,
      ]),
      counter: counter!,
      order,
      lines: await q('select * from order_lines where tenant_id = $1 and order_id = $2 order by position', [
        tenantId,
        orderId,
      ]),
      payment,
      entries,
      entryLines: await q('select * from ledger_lines where tenant_id = $1 and entry_id = any($2)', [
        tenantId,
        entries.map((e) => e.id),
      ]),
      events: await q('select * from events where tenant_id = $1 and seq > $2 order by seq', [
        tenantId,
        since.eventSeq,
      ]),
      audit: await q('select * from audit_log where tenant_id = $1 and seq > $2 order by seq', [
        tenantId,
        since.auditSeq,
      ]),
      receiptCounter,
      costs: await q('select * from sale_line_costs where tenant_id = $1 and order_id = $2', [
        tenantId,
        orderId,
      ]),
    };
  } finally {
    await c.end();
  }
}

/** `insert into <table> (cols) values (...), (...)` for rows that share their columns. */
function insert(table: string, rows: TextRow[], suffix = ''): { text: string; values: unknown[] } {
  const cols = Object.keys(rows[0]!);
  const values: unknown[] = [];
  const tuples = rows.map((r) => `(${cols.map((col) => `$${values.push(r[col])}`).join(', ')})`);
  return { text: `insert into ${table} (${cols.join(', ')}) values ${tuples.join(', ')}${suffix}`, values };
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A connection running raw sales; each `sale()` is one transaction (one round trip per statement). */
export interface RawSeller {
  sale(): Promise<void>;
  /** Statements of the last sale (round trips, BEGIN and COMMIT included). */
  readonly statements: number;
  close(): Promise<void>;
}

export async function rawSeller(url: string, t: SaleTemplate): Promise<RawSeller> {
  const c = rawClient(url);
  await c.connect();
  let statements = 0;
  const run = async (text: string, values: unknown[] = []) => {
    statements += 1;
    return (await c.query<TextRow>(text, values)).rows;
  };
  // Every id the sale created gets a fresh one per sale; everything else is copied as it was.
  const own = [
    t.order.id,
    t.payment.id,
    ...t.lines.map((l) => l.id),
    ...t.entries.map((e) => e.id),
    ...t.events.map((e) => e.id),
    ...t.audit.map((a) => a.id),
  ].filter((id): id is string => id !== null);
  let perSale = 0;
  return {
    get statements() {
      return perSale;
    },
    async sale() {
      const fresh = new Map(own.map((id) => [id, randomUUID()]));
      const sub = (row: TextRow, over: TextRow = {}): TextRow => {
        const out: TextRow = {};
        for (const [k, v] of Object.entries(row)) {
          out[k] = v === null ? null : v.replace(UUID_RE, (id) => fresh.get(id) ?? id);
        }
        return { ...out, ...over };
      };
      const before = statements;
      await run('begin');
      const [counter] = await run(
        `insert into order_counters (tenant_id, outlet_id, business_date, last_number) values ($1, $2, $3, 1)
         on conflict (tenant_id, outlet_id, business_date) do update set last_number = order_counters.last_number + 1
         returning last_number`,
        [t.tenantId, t.counter.outlet_id, t.counter.business_date],
      );
      const number = counter!.last_number ?? null;
      const order = sub(t.order, { number });
      const open = {
        ...order,
        status: 'open',
        payment_status: 'unpaid',
        paid_amount: '0',
        balance_amount: order.total ?? null,
        completed_at: null,
        version: '1',
      };
      let s = insert('orders', [open]);
      await run(s.text, s.values);
      s = insert(
        'order_lines',
        t.lines.map((l) => sub(l)),
      );
      await run(s.text, s.values);
      s = insert('payments', [sub(t.payment)]);
      await run(s.text, s.values);
      const receipt = t.receiptCounter
        ? await run(
            `insert into receipt_counters (tenant_id, scope_id, kind, last_number) values ($1, $2, $3, 1)
             on conflict (tenant_id, scope_id, kind) do update set last_number = receipt_counters.last_number + 1
             returning last_number`,
            [t.tenantId, t.receiptCounter.scope_id, t.receiptCounter.kind],
          )
        : [];
      await run(
        `update orders set status = $3, payment_status = $4, paid_amount = $5, balance_amount = $6,
         completed_at = $7, version = $8, updated_at = $9, receipt_number = $10 where tenant_id = $1 and id = $2`,
        [
          t.tenantId,
          order.id,
          order.status,
          order.payment_status,
          order.paid_amount,
          order.balance_amount,
          order.completed_at,
          order.version,
          order.updated_at,
          receipt[0]?.last_number ?? null,
        ],
      );
      if (t.costs.length > 0) {
        s = insert(
          'sale_line_costs',
          t.costs.map((c) => sub(c)),
        );
        await run(s.text, s.values);
      }
      for (const e of t.entries) {
        s = insert('ledger_entries', [sub(e)]);
        await run(s.text, s.values);
        s = insert(
          'ledger_lines',
          t.entryLines.filter((l) => l.entry_id === e.id).map((l) => sub(l)),
        );
        await run(s.text, s.values);
      }
      const n = t.events.length;
      const [head] = await run(
        `insert into event_heads (tenant_id, seq) values ($1, $2)
         on conflict (tenant_id) do update set seq = event_heads.seq + $2 returning seq`,
        [t.tenantId, n],
      );
      const last = BigInt(head!.seq ?? 0);
      s = insert(
        'events',
        t.events.map((e, i) => sub(e, { seq: String(last - BigInt(n) + BigInt(i) + 1n) })),
      );
      await run(s.text, s.values);
      const [audit] = await run('select seq, hash from audit_heads where tenant_id = $1 for update', [
        t.tenantId,
      ]);
      let seq = BigInt(audit!.seq ?? 0);
      let prev = audit!.hash!;
      const entries = t.audit.map((a) => {
        seq += 1n;
        const row = sub(a, { seq: String(seq), prev_hash: prev });
        const hash = createHash('sha256')
          .update(`${prev}\n${JSON.stringify({ ...row, hash: null })}`)
          .digest('hex');
        prev = hash;
        return { ...row, hash };
      });
      s = insert('audit_log', entries);
      await run(s.text, s.values);
      await run('update audit_heads set seq = $2, hash = $3 where tenant_id = $1', [
        t.tenantId,
        String(seq),
        prev,
      ]);
      s = insert(
        'idempotency_keys',
        t.idempotency.map((k) => ({ ...k, key: `raw-${randomUUID()}` })),
      );
      await run(s.text, s.values);
      await run('commit');
      perSale = statements - before;
    },
    close: () => c.end(),
  };
}
