-- Issue 17: QR table ordering. A signed table code per table (its version makes rotation and
-- revocation possible), the business's QR settings and limits, and the orders customers place from
-- their phones (accepted by staff or automatically onto the table's open order).

-- A customer at a table is its own kind of actor (`customer:<tableId>`) in the audit log.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_type_check
  CHECK (actor_type IN ('user', 'device', 'api_key', 'platform', 'system', 'customer'));

-- The live code of a table: a token is valid while its version is this one and it is not revoked.
CREATE TABLE table_codes (
  tenant_id   uuid NOT NULL,
  table_id    uuid NOT NULL,
  version     integer NOT NULL CHECK (version >= 1),
  revoked_at  timestamptz,
  issued_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, table_id),
  FOREIGN KEY (tenant_id, table_id) REFERENCES dining_tables (tenant_id, id)
);

-- One row per business (absent = the defaults).
CREATE TABLE qr_settings (
  tenant_id           uuid NOT NULL REFERENCES tenants (id),
  auto_accept         boolean NOT NULL DEFAULT false,
  max_pending         integer NOT NULL DEFAULT 3 CHECK (max_pending BETWEEN 1 AND 50),
  max_line_quantity   integer NOT NULL DEFAULT 20 CHECK (max_line_quantity BETWEEN 1 AND 999),
  max_order_quantity  integer NOT NULL DEFAULT 50 CHECK (max_order_quantity BETWEEN 1 AND 9999),
  updated_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id)
);

-- What a customer sent from the table. Pending until staff (or the auto-accept setting) puts its
-- lines on the table's open order (`order_id`, `line_ids`), or staff reject it.
CREATE TABLE qr_orders (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL,
  outlet_id        uuid NOT NULL,
  table_id         uuid NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
  lines            jsonb NOT NULL,
  item_count       integer NOT NULL CHECK (item_count >= 1),
  total            bigint NOT NULL,
  currency         text NOT NULL,
  note             text CHECK (length(note) <= 500),
  placed_ip        text,
  order_id         uuid,
  line_ids         uuid[] NOT NULL DEFAULT '{}',
  reject_reason    text CHECK (length(reject_reason) <= 200),
  decided_by       text,
  placed_at        timestamptz NOT NULL,
  decided_at       timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, table_id) REFERENCES dining_tables (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX qr_orders_pending_idx ON qr_orders (tenant_id, outlet_id, placed_at) WHERE status = 'pending';
CREATE INDEX qr_orders_table_idx ON qr_orders (tenant_id, table_id, placed_at);
CREATE INDEX qr_orders_order_idx ON qr_orders (tenant_id, order_id) WHERE order_id IS NOT NULL;
