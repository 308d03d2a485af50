-- Inventory (issue 16): stock items, levels per outlet, an append-only movements ledger, versioned
-- recipes, cost of goods per sale line, suppliers, purchase orders and transfers between outlets.
--
-- Quantities are integers in thousandths of the dimension's small unit ("base units"): milligrams
-- for mass, microlitres for volume, thousandths of a piece for counts. 1 kg = 1,000,000; 1 l =
-- 1,000,000; 1 pcs = 1,000. Never floats. Money is integer minor units, as everywhere.

CREATE TABLE stock_items (
  tenant_id         uuid NOT NULL REFERENCES tenants (id),
  id                uuid NOT NULL,
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  sku               text CHECK (length(sku) BETWEEN 1 AND 100),
  kind              text NOT NULL CHECK (kind IN ('ingredient', 'retail')),
  dimension         text NOT NULL CHECK (dimension IN ('mass', 'volume', 'count')),
  -- The unit levels are shown in (kg, g, l, ml, pcs) and the unit it is bought in, with how many
  -- base units one purchase unit holds (a case of 24 bottles: 24,000).
  stock_unit        text NOT NULL,
  purchase_unit     text NOT NULL CHECK (length(purchase_unit) BETWEEN 1 AND 40),
  purchase_unit_qty bigint NOT NULL CHECK (purchase_unit_qty > 0),
  archived_at       timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX stock_items_name_idx ON stock_items (tenant_id, name, id);

-- What an outlet holds of an item, and what it is worth: value / qty is the moving-average cost.
-- `basis_*` is the last positive (qty, value) pair, the price of stock sold below zero.
CREATE TABLE stock_levels (
  tenant_id     uuid NOT NULL,
  outlet_id     uuid NOT NULL,
  stock_item_id uuid NOT NULL,
  qty           bigint NOT NULL DEFAULT 0,
  value         bigint NOT NULL DEFAULT 0,
  basis_qty     bigint NOT NULL DEFAULT 0 CHECK (basis_qty >= 0),
  basis_value   bigint NOT NULL DEFAULT 0,
  reorder_level bigint CHECK (reorder_level >= 0),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, outlet_id, stock_item_id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, stock_item_id) REFERENCES stock_items (tenant_id, id)
);

-- Negative stock allowed (default) or blocked per outlet.
CREATE TABLE inventory_settings (
  tenant_id      uuid NOT NULL,
  outlet_id      uuid NOT NULL,
  negative_stock text NOT NULL DEFAULT 'allow' CHECK (negative_stock IN ('allow', 'block')),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, outlet_id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id)
);

CREATE TABLE suppliers (
  tenant_id  uuid NOT NULL REFERENCES tenants (id),
  id         uuid NOT NULL,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  contact    text,
  phone      text,
  email      text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE purchase_orders (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  outlet_id   uuid NOT NULL,
  supplier_id uuid NOT NULL,
  status      text NOT NULL CHECK (status IN ('draft', 'sent', 'partially_received', 'received', 'canceled')),
  note        text,
  created_at  timestamptz NOT NULL,
  sent_at     timestamptz,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX purchase_orders_created_idx ON purchase_orders (tenant_id, created_at, id);

CREATE TABLE purchase_order_lines (
  tenant_id         uuid NOT NULL,
  purchase_order_id uuid NOT NULL,
  id                uuid NOT NULL,
  line_no           integer NOT NULL,
  stock_item_id     uuid NOT NULL,
  qty_ordered       bigint NOT NULL CHECK (qty_ordered > 0),
  -- The agreed cost of the ordered quantity (minor units); receiving may say otherwise.
  cost_ordered      bigint NOT NULL CHECK (cost_ordered >= 0),
  qty_received      bigint NOT NULL DEFAULT 0 CHECK (qty_received >= 0),
  cost_received     bigint NOT NULL DEFAULT 0 CHECK (cost_received >= 0),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
  FOREIGN KEY (tenant_id, stock_item_id) REFERENCES stock_items (tenant_id, id)
);
CREATE INDEX purchase_order_lines_po_idx ON purchase_order_lines (tenant_id, purchase_order_id, line_no);

CREATE TABLE stock_transfers (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL,
  from_outlet_id uuid NOT NULL,
  to_outlet_id   uuid NOT NULL,
  status         text NOT NULL CHECK (status IN ('in_transit', 'received')),
  note           text,
  sent_at        timestamptz NOT NULL,
  received_at    timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, from_outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, to_outlet_id) REFERENCES outlets (tenant_id, id),
  CHECK (from_outlet_id <> to_outlet_id)
);
CREATE INDEX stock_transfers_sent_idx ON stock_transfers (tenant_id, sent_at, id);

CREATE TABLE stock_transfer_lines (
  tenant_id     uuid NOT NULL,
  transfer_id   uuid NOT NULL,
  stock_item_id uuid NOT NULL,
  qty           bigint NOT NULL CHECK (qty > 0),
  -- The cost that left the sending outlet; the receiving outlet takes it in at exactly this.
  value         bigint NOT NULL,
  PRIMARY KEY (tenant_id, transfer_id, stock_item_id),
  FOREIGN KEY (tenant_id, transfer_id) REFERENCES stock_transfers (tenant_id, id),
  FOREIGN KEY (tenant_id, stock_item_id) REFERENCES stock_items (tenant_id, id)
);

-- The movements ledger: every change of a level, with its reason. Append-only.
CREATE TABLE stock_movements (
  tenant_id         uuid NOT NULL,
  id                uuid NOT NULL,
  outlet_id         uuid NOT NULL,
  stock_item_id     uuid NOT NULL,
  reason            text NOT NULL CHECK (reason IN ('sale', 'return', 'waste', 'adjustment', 'receiving',
                                                    'transfer_out', 'transfer_in', 'count')),
  qty_delta         bigint NOT NULL,
  value_delta       bigint NOT NULL,
  qty_after         bigint NOT NULL,
  value_after       bigint NOT NULL,
  -- When it happened on the terminal (offline terminals send it later) and when the server took it.
  occurred_at       timestamptz NOT NULL,
  recorded_at       timestamptz NOT NULL,
  order_id          uuid,
  order_line_id     uuid,
  refund_id         uuid,
  purchase_order_id uuid,
  transfer_id       uuid,
  count_id          uuid,
  note              text,
  actor             text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id, stock_item_id) REFERENCES stock_levels (tenant_id, outlet_id, stock_item_id)
);
CREATE INDEX stock_movements_item_idx ON stock_movements (tenant_id, outlet_id, stock_item_id, id);
CREATE INDEX stock_movements_order_line_idx ON stock_movements (tenant_id, order_line_id) WHERE order_line_id IS NOT NULL;
-- A sale line deducts once, a voided cooked line is wasted once, a refund restocks a line once.
CREATE UNIQUE INDEX stock_movements_sale_once ON stock_movements (tenant_id, order_line_id, stock_item_id)
  WHERE reason = 'sale';
CREATE UNIQUE INDEX stock_movements_void_waste_once ON stock_movements (tenant_id, order_line_id, stock_item_id)
  WHERE reason = 'waste' AND order_line_id IS NOT NULL;
CREATE UNIQUE INDEX stock_movements_return_once ON stock_movements (tenant_id, refund_id, order_line_id, stock_item_id)
  WHERE reason = 'return';

CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock movements are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE OR DELETE ON stock_movements
  FOR EACH ROW EXECUTE FUNCTION stock_movements_append_only();

-- Recipes: what one unit of an item, a variant or a modifier option uses. A new version is a new
-- row; a sale uses the latest version in force when the order completed.
CREATE TABLE recipes (
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  id             uuid NOT NULL,
  target_type    text NOT NULL CHECK (target_type IN ('item', 'variant', 'modifier_option')),
  target_id      uuid NOT NULL,
  version        integer NOT NULL CHECK (version >= 1),
  -- Usable share of what is taken, in basis points (10000 = no waste; 8000 = 20 % trimmed).
  yield_bp       integer NOT NULL CHECK (yield_bp BETWEEN 1 AND 10000),
  effective_from timestamptz NOT NULL,
  created_at     timestamptz NOT NULL,
  actor          text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, target_type, target_id, version)
);
CREATE TABLE recipe_lines (
  tenant_id     uuid NOT NULL,
  recipe_id     uuid NOT NULL,
  line_no       integer NOT NULL,
  stock_item_id uuid NOT NULL,
  qty           bigint NOT NULL CHECK (qty > 0),
  PRIMARY KEY (tenant_id, recipe_id, line_no),
  FOREIGN KEY (tenant_id, recipe_id) REFERENCES recipes (tenant_id, id),
  FOREIGN KEY (tenant_id, stock_item_id) REFERENCES stock_items (tenant_id, id)
);
CREATE INDEX recipe_lines_item_idx ON recipe_lines (tenant_id, stock_item_id);

-- Cost of goods per sale line, stored when the order completes; returns reduce it.
CREATE TABLE sale_line_costs (
  tenant_id      uuid NOT NULL,
  order_line_id  uuid NOT NULL,
  order_id       uuid NOT NULL,
  outlet_id      uuid NOT NULL,
  item_id        uuid NOT NULL,
  quantity       integer NOT NULL,
  cost           bigint NOT NULL,
  returned_qty   integer NOT NULL DEFAULT 0,
  returned_cost  bigint NOT NULL DEFAULT 0,
  sold_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, order_line_id)
);
CREATE INDEX sale_line_costs_sold_idx ON sale_line_costs (tenant_id, sold_at);

-- Items this module marked sold out because stock ran short (and only those it clears again).
CREATE TABLE stock_sold_out_items (
  tenant_id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  item_id   uuid NOT NULL,
  since     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, outlet_id, item_id)
);

ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
  CHECK (kind IN ('payment', 'sale', 'refund', 'drawer', 'inventory'));

-- inventory:read: the built-in roles that manage get it (inventory:manage they already have).
UPDATE roles
   SET permissions = array_append(permissions, 'inventory:read'), updated_at = now()
 WHERE builtin
   AND key IN ('owner', 'admin', 'manager')
   AND NOT ('inventory:read' = ANY (permissions));
UPDATE roles
   SET permissions = array_append(permissions, 'inventory:read'), updated_at = now()
 WHERE NOT builtin
   AND 'inventory:manage' = ANY (permissions)
   AND NOT ('inventory:read' = ANY (permissions));
UPDATE api_keys
   SET scopes = array_append(scopes, 'inventory:read')
 WHERE 'inventory:manage' = ANY (scopes)
   AND NOT ('inventory:read' = ANY (scopes));
