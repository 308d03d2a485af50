-- Issue 14: cash drawer sessions, X/Z reports, official receipt and credit-note numbers.

-- Per-outlet cash and receipt settings (one row per outlet that changed a default).
CREATE TABLE outlet_cash_settings (
  tenant_id              uuid NOT NULL,
  outlet_id              uuid NOT NULL,
  -- Cash payments and cash refunds need an open drawer session on their register.
  require_open_session   boolean NOT NULL DEFAULT false,
  -- A count whose |variance| is above this needs a reason and `cash:approve_variance` (or an approval).
  variance_threshold     bigint NOT NULL DEFAULT 0 CHECK (variance_threshold >= 0),
  -- Official receipt and credit-note numbers count per outlet or per register.
  receipt_numbering      text NOT NULL DEFAULT 'outlet' CHECK (receipt_numbering IN ('outlet', 'register')),
  -- Receipt branding: the tax id and lines printed above and below the receipt.
  tax_id                 text CHECK (length(tax_id) <= 50),
  receipt_header         text CHECK (length(receipt_header) <= 500),
  receipt_footer         text CHECK (length(receipt_footer) <= 500),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, outlet_id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id)
);

-- A cash drawer session on one register: opened with a float, closed with a blind count.
CREATE TABLE drawer_sessions (
  tenant_id             uuid NOT NULL,
  id                    uuid NOT NULL,
  outlet_id             uuid NOT NULL,
  register_id           uuid NOT NULL,
  status                text NOT NULL CHECK (status IN ('open', 'closed')),
  currency              char(3) NOT NULL,
  opening_float         bigint NOT NULL CHECK (opening_float >= 0),
  opening_denominations jsonb,
  opened_by             text NOT NULL,
  opened_at             timestamptz NOT NULL,
  closed_by             text,
  closed_at             timestamptz,
  expected_cash         bigint,
  counted_cash          bigint CHECK (counted_cash >= 0),
  counted_denominations jsonb,
  variance              bigint,
  variance_reason       text,
  variance_approved_by  text,
  z_number              integer,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, register_id) REFERENCES registers (tenant_id, id),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- One open session per register, enforced by the database.
CREATE UNIQUE INDEX drawer_sessions_one_open ON drawer_sessions (tenant_id, register_id) WHERE status = 'open';
CREATE INDEX drawer_sessions_register_idx ON drawer_sessions (tenant_id, register_id, opened_at);

-- Every movement of cash in (positive) or out (negative) of a session's drawer. After close the
-- movements sum to zero: the over/short and the counted cash leaving for the safe are movements too.
CREATE TABLE drawer_movements (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  session_id  uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('float', 'sale', 'refund', 'paid_in', 'paid_out', 'drop',
                                             'no_sale', 'over_short', 'close_out')),
  amount      bigint NOT NULL,
  tendered    bigint,
  change_given bigint,
  reason      text,
  payment_id  uuid,
  refund_id   uuid,
  order_id    uuid,
  actor       text NOT NULL,
  approved_by text,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES drawer_sessions (tenant_id, id)
);
CREATE INDEX drawer_movements_session_idx ON drawer_movements (tenant_id, session_id, created_at);

-- Z reports: numbered per register without gaps, written once at close, never changed.
CREATE TABLE z_reports (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  register_id uuid NOT NULL,
  outlet_id   uuid NOT NULL,
  session_id  uuid NOT NULL,
  number      integer NOT NULL CHECK (number >= 1),
  report      jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, register_id, number),
  UNIQUE (tenant_id, session_id),
  FOREIGN KEY (tenant_id, register_id) REFERENCES registers (tenant_id, id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES drawer_sessions (tenant_id, id)
);
CREATE FUNCTION z_reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Z reports are immutable' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER z_reports_no_update BEFORE UPDATE OR DELETE ON z_reports
  FOR EACH ROW EXECUTE FUNCTION z_reports_immutable();

-- Official receipt and credit-note numbers: one counter per outlet (or register) and kind. The
-- counter row is locked by the completing transaction until it commits, and a rollback takes the
-- number back with it, so numbers are sequential without gaps.
CREATE TABLE receipt_counters (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  scope_id    uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('receipt', 'credit_note')),
  last_number bigint NOT NULL CHECK (last_number >= 1),
  PRIMARY KEY (tenant_id, scope_id, kind)
);
ALTER TABLE orders ADD COLUMN receipt_number bigint;
ALTER TABLE refunds ADD COLUMN credit_note_number bigint;

-- Drawer entries in the ledger (float from the safe, paid in/out, drops, over/short, close) and the
-- session an entry moved drawer cash for (cash payments and refunds too), for the session tie-out.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
  CHECK (kind IN ('payment', 'sale', 'refund', 'drawer'));
ALTER TABLE ledger_entries ADD COLUMN drawer_session_id uuid;
CREATE INDEX ledger_entries_drawer_idx ON ledger_entries (tenant_id, drawer_session_id)
  WHERE drawer_session_id IS NOT NULL;

-- Cashiers run their own drawer (open, paid in/out, drops, count and close); accepting a variance
-- above the outlet's threshold is a manager's permission.
UPDATE roles
   SET permissions = array_append(permissions, 'cash:manage'), updated_at = now()
 WHERE builtin AND key = 'cashier' AND NOT ('cash:manage' = ANY (permissions));
UPDATE roles
   SET permissions = array_append(permissions, 'cash:approve_variance'), updated_at = now()
 WHERE builtin AND key IN ('owner', 'admin', 'manager') AND NOT ('cash:approve_variance' = ANY (permissions));
