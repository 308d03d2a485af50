-- Orders: lines priced from the catalog at the moment they are added (stored on the line, so
-- later menu changes never alter an order), totals computed by the pricing engine on the
-- server after every change, optimistic concurrency by version, human numbers per outlet per
-- business day (in the tenant's time zone).

CREATE TABLE order_counters (
  tenant_id     uuid NOT NULL,
  outlet_id     uuid NOT NULL,
  business_date date NOT NULL,
  last_number   integer NOT NULL,
  PRIMARY KEY (tenant_id, outlet_id, business_date),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id)
);

CREATE TABLE orders (
  tenant_id            uuid NOT NULL REFERENCES tenants (id),
  id                   uuid NOT NULL,
  outlet_id            uuid NOT NULL,
  register_id          uuid,
  number               integer NOT NULL,
  business_date        date NOT NULL,
  status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'sent', 'completed', 'canceled')),
  dining_option        text NOT NULL CHECK (dining_option IN ('dine_in', 'takeaway', 'delivery')),
  table_ref            text,
  customer_name        text,
  guest_count          integer CHECK (guest_count BETWEEN 1 AND 1000),
  notes                text,
  source               text NOT NULL DEFAULT 'pos' CHECK (source IN ('pos', 'qr', 'api')),
  currency             char(3) NOT NULL,
  -- The tenant's pricing policy when the order was opened: an open order keeps its rules.
  rounding_mode        text NOT NULL,
  tax_rounding         text NOT NULL,
  cash_rounding_increment bigint NOT NULL,
  -- Order-level discounts and service charges as applied (snapshots, JSON).
  discounts            jsonb NOT NULL DEFAULT '[]',
  service_charges      jsonb NOT NULL DEFAULT '[]',
  taxes                jsonb NOT NULL DEFAULT '[]',
  subtotal             bigint NOT NULL DEFAULT 0,
  discount_total       bigint NOT NULL DEFAULT 0,
  service_charge_total bigint NOT NULL DEFAULT 0,
  tax_total            bigint NOT NULL DEFAULT 0,
  tax_inclusive_total  bigint NOT NULL DEFAULT 0,
  tax_exclusive_total  bigint NOT NULL DEFAULT 0,
  total                bigint NOT NULL DEFAULT 0 CHECK (total >= 0),
  cash_total           bigint NOT NULL DEFAULT 0,
  cash_rounding_adjustment bigint NOT NULL DEFAULT 0,
  payment_status       text NOT NULL DEFAULT 'unpaid' CHECK (payment_status IN ('unpaid', 'partial', 'paid')),
  paid_amount          bigint NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
  balance_amount       bigint NOT NULL DEFAULT 0,
  version              integer NOT NULL DEFAULT 1,
  created_by           text NOT NULL,
  cancel_reason        text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  sent_at              timestamptz,
  completed_at         timestamptz,
  canceled_at          timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, outlet_id, business_date, number),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, register_id) REFERENCES registers (tenant_id, id)
);
-- Lists: newest first per outlet, cursor on (created_at, id).
CREATE INDEX orders_outlet_created_idx ON orders (tenant_id, outlet_id, created_at DESC, id DESC);
CREATE INDEX orders_created_idx ON orders (tenant_id, created_at DESC, id DESC);
CREATE INDEX orders_status_idx ON orders (tenant_id, status, created_at DESC);

CREATE TABLE order_lines (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL,
  order_id       uuid NOT NULL,
  position       integer NOT NULL,
  item_id        uuid NOT NULL,
  variant_id     uuid NOT NULL,
  name           text NOT NULL,
  variant_name   text NOT NULL,
  quantity       integer NOT NULL CHECK (quantity >= 1),
  unit_price     bigint NOT NULL CHECK (unit_price >= 0),
  -- Snapshots taken when the line was added.
  modifiers      jsonb NOT NULL DEFAULT '[]',
  tax_rates      jsonb NOT NULL DEFAULT '[]',
  discounts      jsonb NOT NULL DEFAULT '[]',
  notes          text,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'voided')),
  void_reason    text,
  sent_at        timestamptz,
  -- Figures from the last pricing of the order.
  gross          bigint NOT NULL DEFAULT 0,
  item_discount  bigint NOT NULL DEFAULT 0,
  order_discount bigint NOT NULL DEFAULT 0,
  net            bigint NOT NULL DEFAULT 0,
  service_charge bigint NOT NULL DEFAULT 0,
  tax_inclusive  bigint NOT NULL DEFAULT 0,
  tax_exclusive  bigint NOT NULL DEFAULT 0,
  total          bigint NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES items (tenant_id, id),
  FOREIGN KEY (tenant_id, variant_id) REFERENCES item_variants (tenant_id, id)
);
CREATE INDEX order_lines_order_idx ON order_lines (tenant_id, order_id, position);
