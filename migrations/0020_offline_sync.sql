-- Issue 12: registers that keep selling offline — receipt-number blocks reserved per device,
-- sales synced exactly once (keyed by the register's own id), and the conflict reports managers read.

-- A block of official receipt numbers taken from the outlet's (or register's) counter in one step
-- and held by one paired device for the sales it makes offline. Blocks never overlap (the counter
-- moved past them); every number of a block ends up on a synced sale or voided at release.
CREATE TABLE receipt_blocks (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL,
  device_id    uuid NOT NULL,
  register_id  uuid NOT NULL,
  outlet_id    uuid NOT NULL,
  -- The counter the numbers came from: the outlet, or the register when it numbers per register.
  scope_id     uuid NOT NULL,
  first_number bigint NOT NULL CHECK (first_number >= 1),
  last_number  bigint NOT NULL,
  -- Released: the numbers no synced sale used are void from then on (no gap, stated).
  released_at  timestamptz,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id),
  FOREIGN KEY (tenant_id, register_id) REFERENCES registers (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  CHECK (last_number >= first_number AND last_number - first_number < 1000)
);
CREATE INDEX receipt_blocks_device_idx ON receipt_blocks (tenant_id, device_id, created_at);

-- Every offline sale the server has seen, once, by the id the register gave it: a replay finds
-- the row and answers with the stored result instead of recording the sale again.
CREATE TABLE synced_sales (
  tenant_id       uuid NOT NULL,
  client_id       uuid NOT NULL,
  device_id       uuid NOT NULL,
  register_id     uuid NOT NULL,
  outlet_id       uuid NOT NULL,
  sequence        bigint NOT NULL CHECK (sequence >= 1),
  block_id        uuid NOT NULL,
  receipt_number  bigint NOT NULL,
  outcome         text NOT NULL CHECK (outcome IN ('accepted', 'refused')),
  -- The order recorded (the register's id), null when the sale was refused.
  order_id        uuid,
  catalog_version text NOT NULL,
  device_time     timestamptz NOT NULL,
  synced_at       timestamptz NOT NULL,
  reasons         jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (tenant_id, client_id),
  FOREIGN KEY (tenant_id, block_id) REFERENCES receipt_blocks (tenant_id, id),
  CHECK ((outcome = 'accepted') = (order_id IS NOT NULL))
);
-- A number of a block is used by one sale only.
CREATE UNIQUE INDEX synced_sales_number_idx ON synced_sales (tenant_id, block_id, receipt_number);
CREATE INDEX synced_sales_device_idx ON synced_sales (tenant_id, device_id, sequence);

-- What a manager must look at after a sync: a sale that stood at a price the catalog no longer
-- has, an item sold while archived or sold out, or a sale or refund the server refused.
CREATE TABLE sync_reports (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL,
  outlet_id    uuid NOT NULL,
  register_id  uuid NOT NULL,
  device_id    uuid NOT NULL,
  -- The sale (its client id) and, for a refund, the refund's id: one report per subject.
  sale_id      uuid NOT NULL,
  refund_id    uuid,
  subject_id   uuid NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('accepted', 'refused')),
  receipt_number bigint,
  catalog_version text,
  reasons      jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, subject_id)
);
CREATE INDEX sync_reports_list_idx ON sync_reports (tenant_id, created_at, id);
