-- Payments: tenders on orders, gateway accounts and notifications, refunds, revenue-share fee
-- schedules, and the double-entry ledger every money movement posts to.

-- Refunds of an order's payments. `returned_amount` is the part refunded after the order was
-- completed (a return against a final sale): it lowers paid_amount without reopening the balance.
ALTER TABLE orders
  ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  ADD COLUMN returned_amount bigint NOT NULL DEFAULT 0 CHECK (returned_amount >= 0),
  ADD COLUMN tip_amount      bigint NOT NULL DEFAULT 0 CHECK (tip_amount >= 0);

-- A tenant's account at a gateway. Secrets are sealed (AES-256-GCM, key from the environment)
-- and bound to the row; the API never returns them.
CREATE TABLE payment_gateway_accounts (
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  gateway        text NOT NULL CHECK (gateway IN ('stripe', 'midtrans', 'razorpay', 'xendit')),
  base_url       text NOT NULL,
  key_id         text,
  secrets_sealed text NOT NULL,
  enabled        boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, gateway)
);

-- Revenue share: what the platform and the payment processor take of each payment (ppm of the
-- payment's amount, tips excluded); the tenant keeps the rest.
CREATE TABLE fee_schedules (
  tenant_id          uuid NOT NULL REFERENCES tenants (id),
  platform_fee_ppm   integer NOT NULL DEFAULT 0 CHECK (platform_fee_ppm BETWEEN 0 AND 1000000),
  processing_fee_ppm integer NOT NULL DEFAULT 0 CHECK (processing_fee_ppm BETWEEN 0 AND 1000000),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text,
  PRIMARY KEY (tenant_id),
  CHECK (platform_fee_ppm + processing_fee_ppm <= 1000000)
);

CREATE TABLE payments (
  tenant_id          uuid NOT NULL REFERENCES tenants (id),
  id                 uuid NOT NULL,
  order_id           uuid NOT NULL,
  outlet_id          uuid NOT NULL,
  register_id        uuid,
  method             text NOT NULL CHECK (method IN ('cash', 'card', 'gateway')),
  gateway            text CHECK (gateway IN ('stripe', 'midtrans', 'razorpay', 'xendit')),
  channel            text,
  status             text NOT NULL CHECK (status IN ('pending', 'authorized', 'completed', 'failed', 'canceled')),
  currency           char(3) NOT NULL,
  -- Applied to the order's balance.
  amount             bigint NOT NULL CHECK (amount > 0),
  tip_amount         bigint NOT NULL DEFAULT 0 CHECK (tip_amount >= 0),
  -- Cash: what the customer handed over, the change given back, and the cash rounding
  -- (cash received − amount; positive when rounded up).
  tendered           bigint,
  change_given       bigint CHECK (change_given >= 0),
  cash_rounding      bigint NOT NULL DEFAULT 0,
  card_brand         text,
  card_last4         text CHECK (card_last4 ~ '^[0-9]{4}$'),
  approval_code      text,
  gateway_ref        text,
  gateway_payment_id text,
  gateway_status     text,
  qr_string          text,
  client_secret      text,
  action_url         text,
  expires_at         timestamptz,
  failure_reason     text,
  -- Refunds: completed, and reserved by refunds still pending at the gateway.
  refunded_amount       bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  refund_pending_amount bigint NOT NULL DEFAULT 0 CHECK (refund_pending_amount >= 0),
  -- Revenue share, computed when the payment completes, and what refunds have reversed.
  fee_platform            bigint NOT NULL DEFAULT 0,
  fee_processing          bigint NOT NULL DEFAULT 0,
  fee_platform_reversed   bigint NOT NULL DEFAULT 0,
  fee_processing_reversed bigint NOT NULL DEFAULT 0,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  completed_at       timestamptz,
  last_polled_at     timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, register_id) REFERENCES registers (tenant_id, id),
  CHECK ((method = 'gateway') = (gateway IS NOT NULL)),
  -- The last line of defence against over-refunding: never more than was paid.
  CHECK (refunded_amount + refund_pending_amount <= amount)
);
CREATE INDEX payments_order_idx ON payments (tenant_id, order_id, created_at);
CREATE UNIQUE INDEX payments_gateway_ref_idx ON payments (tenant_id, gateway, gateway_ref) WHERE gateway_ref IS NOT NULL;
CREATE INDEX payments_completed_idx ON payments (tenant_id, completed_at) WHERE status = 'completed';
-- The status poller's queue: gateway payments still waiting for an outcome (all tenants).
CREATE INDEX payments_open_gateway_idx ON payments (created_at) WHERE method = 'gateway' AND status IN ('pending', 'authorized');

CREATE TABLE refunds (
  tenant_id          uuid NOT NULL REFERENCES tenants (id),
  id                 uuid NOT NULL,
  payment_id         uuid NOT NULL,
  order_id           uuid NOT NULL,
  outlet_id          uuid NOT NULL,
  status             text NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
  -- Where the money goes: back to the original tender, or out of the cash drawer.
  destination        text NOT NULL CHECK (destination IN ('original', 'cash')),
  amount             bigint NOT NULL CHECK (amount > 0),
  currency           char(3) NOT NULL,
  reason             text NOT NULL,
  -- Whether the order was completed when the refund was made (a return against a final sale).
  after_completion   boolean NOT NULL,
  fee_platform_reversed   bigint NOT NULL DEFAULT 0,
  fee_processing_reversed bigint NOT NULL DEFAULT 0,
  gateway_refund_ref text,
  gateway_status     text,
  failure_reason     text,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  completed_at       timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id)
);
CREATE INDEX refunds_payment_idx ON refunds (tenant_id, payment_id, created_at);
CREATE INDEX refunds_order_idx ON refunds (tenant_id, order_id);
CREATE UNIQUE INDEX refunds_gateway_ref_idx ON refunds (tenant_id, gateway_refund_ref) WHERE gateway_refund_ref IS NOT NULL;

-- Refunds by line: what was returned, and whether it goes back into stock (inventory, later).
CREATE TABLE refund_lines (
  tenant_id     uuid NOT NULL,
  refund_id     uuid NOT NULL,
  order_line_id uuid NOT NULL,
  quantity      integer NOT NULL CHECK (quantity >= 1),
  amount        bigint NOT NULL CHECK (amount >= 0),
  restock       boolean NOT NULL,
  PRIMARY KEY (tenant_id, refund_id, order_line_id),
  FOREIGN KEY (tenant_id, refund_id) REFERENCES refunds (tenant_id, id),
  FOREIGN KEY (tenant_id, order_line_id) REFERENCES order_lines (tenant_id, id)
);
CREATE INDEX refund_lines_line_idx ON refund_lines (tenant_id, order_line_id);

-- Incoming gateway notifications, one row per gateway event id: a repeat is recognised and
-- changes nothing.
CREATE TABLE gateway_notifications (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  gateway     text NOT NULL,
  event_id    text NOT NULL,
  kind        text NOT NULL,
  payment_id  uuid,
  refund_id   uuid,
  outcome     text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, gateway, event_id)
);

-- The ledger: every money movement is one entry of balanced lines (Σ debit = Σ credit).
CREATE TABLE ledger_entries (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('payment', 'sale', 'refund')),
  currency    char(3) NOT NULL,
  posted_at   timestamptz NOT NULL,
  outlet_id   uuid,
  register_id uuid,
  order_id    uuid,
  payment_id  uuid,
  refund_id   uuid,
  memo        text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ledger_entries_posted_idx ON ledger_entries (tenant_id, posted_at);
CREATE INDEX ledger_entries_order_idx ON ledger_entries (tenant_id, order_id);

CREATE TABLE ledger_lines (
  tenant_id uuid NOT NULL,
  entry_id  uuid NOT NULL,
  line_no   smallint NOT NULL,
  account   text NOT NULL,
  debit     bigint NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit    bigint NOT NULL DEFAULT 0 CHECK (credit >= 0),
  PRIMARY KEY (tenant_id, entry_id, line_no),
  FOREIGN KEY (tenant_id, entry_id) REFERENCES ledger_entries (tenant_id, id),
  CHECK ((debit = 0) <> (credit = 0))
);

-- Checked at commit: an entry whose lines do not balance never commits.
CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  diff bigint;
BEGIN
  SELECT coalesce(sum(debit - credit), 0) INTO diff FROM ledger_lines
   WHERE tenant_id = NEW.tenant_id AND entry_id = NEW.entry_id;
  IF diff <> 0 THEN
    RAISE EXCEPTION 'ledger entry % does not balance (debits − credits = %)', NEW.entry_id, diff
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_lines_balanced AFTER INSERT ON ledger_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced();

-- Posted entries are never changed: corrections are new entries.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_lines_no_update BEFORE UPDATE OR DELETE ON ledger_lines
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
