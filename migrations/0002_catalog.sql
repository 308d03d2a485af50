-- Catalog: categories, items with variants, modifier groups, taxes, service charges, discounts,
-- per-outlet prices and availability; and each tenant's pricing policy.
--
-- Versioning: every catalog row carries the tenant catalog version at which it last changed.
-- A change takes the next number from catalog_heads (the row lock serialises catalog writes of
-- one tenant, so versions are handed out in commit order) — a terminal that pulls "changes since
-- v" can never miss one. Nothing an order may reference is deleted: rows are archived.

ALTER TABLE tenants
  ADD COLUMN rounding_mode text NOT NULL DEFAULT 'half_even' CHECK (rounding_mode IN ('half_even', 'half_up')),
  ADD COLUMN tax_rounding text NOT NULL DEFAULT 'bucket' CHECK (tax_rounding IN ('line', 'bucket')),
  ADD COLUMN cash_rounding_increment bigint NOT NULL DEFAULT 0 CHECK (cash_rounding_increment >= 0);

CREATE TABLE catalog_heads (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  version   bigint NOT NULL DEFAULT 0
);

CREATE TABLE tax_rates (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  rate_ppm    integer NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
  inclusive   boolean NOT NULL,
  archived_at timestamptz,
  version     bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX tax_rates_version_idx ON tax_rates (tenant_id, version);

CREATE TABLE categories (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  sort_order  integer NOT NULL DEFAULT 0,
  archived_at timestamptz,
  version     bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX categories_version_idx ON categories (tenant_id, version);

CREATE TABLE category_taxes (
  tenant_id   uuid NOT NULL,
  category_id uuid NOT NULL,
  tax_rate_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, category_id, tax_rate_id),
  FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id),
  FOREIGN KEY (tenant_id, tax_rate_id) REFERENCES tax_rates (tenant_id, id)
);

CREATE TABLE items (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  category_id uuid,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  image_url   text,
  -- When true the item's own taxes replace its category's; when false they add to them.
  override_category_taxes boolean NOT NULL DEFAULT false,
  archived_at timestamptz,
  version     bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id)
);
CREATE INDEX items_version_idx ON items (tenant_id, version);
CREATE INDEX items_category_idx ON items (tenant_id, category_id);

CREATE TABLE item_taxes (
  tenant_id   uuid NOT NULL,
  item_id     uuid NOT NULL,
  tax_rate_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, item_id, tax_rate_id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES items (tenant_id, id),
  FOREIGN KEY (tenant_id, tax_rate_id) REFERENCES tax_rates (tenant_id, id)
);

CREATE TABLE item_variants (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  item_id     uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  sku         text,
  barcode     text,
  price       bigint NOT NULL CHECK (price >= 0),
  sort_order  integer NOT NULL DEFAULT 0,
  archived_at timestamptz,
  version     bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES items (tenant_id, id)
);
CREATE INDEX item_variants_item_idx ON item_variants (tenant_id, item_id);
CREATE INDEX item_variants_version_idx ON item_variants (tenant_id, version);
-- SKUs and barcodes are unique among a tenant's live variants.
CREATE UNIQUE INDEX item_variants_sku_key ON item_variants (tenant_id, sku) WHERE sku IS NOT NULL AND archived_at IS NULL;
CREATE UNIQUE INDEX item_variants_barcode_key ON item_variants (tenant_id, barcode) WHERE barcode IS NOT NULL AND archived_at IS NULL;

CREATE TABLE modifier_groups (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  min_select  integer NOT NULL DEFAULT 0 CHECK (min_select >= 0),
  max_select  integer CHECK (max_select IS NULL OR max_select >= 1),
  archived_at timestamptz,
  version     bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (max_select IS NULL OR max_select >= min_select)
);
CREATE INDEX modifier_groups_version_idx ON modifier_groups (tenant_id, version);

CREATE TABLE modifier_options (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  group_id    uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  price       bigint NOT NULL DEFAULT 0 CHECK (price >= 0),
  sort_order  integer NOT NULL DEFAULT 0,
  archived_at timestamptz,
  version     bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES modifier_groups (tenant_id, id)
);
CREATE INDEX modifier_options_group_idx ON modifier_options (tenant_id, group_id);

CREATE TABLE item_modifier_groups (
  tenant_id  uuid NOT NULL,
  item_id    uuid NOT NULL,
  group_id   uuid NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, item_id, group_id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES items (tenant_id, id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES modifier_groups (tenant_id, id)
);

-- Per-outlet availability ("86'd") and per-outlet variant prices.
CREATE TABLE outlet_items (
  tenant_id uuid NOT NULL,
  outlet_id uuid NOT NULL,
  item_id   uuid NOT NULL,
  sold_out  boolean NOT NULL DEFAULT false,
  version   bigint NOT NULL,
  PRIMARY KEY (tenant_id, outlet_id, item_id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES items (tenant_id, id)
);
CREATE INDEX outlet_items_version_idx ON outlet_items (tenant_id, version);

CREATE TABLE outlet_variant_prices (
  tenant_id  uuid NOT NULL,
  outlet_id  uuid NOT NULL,
  variant_id uuid NOT NULL,
  price      bigint CHECK (price >= 0),
  version    bigint NOT NULL,
  PRIMARY KEY (tenant_id, outlet_id, variant_id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, variant_id) REFERENCES item_variants (tenant_id, id)
);
CREATE INDEX outlet_variant_prices_version_idx ON outlet_variant_prices (tenant_id, version);

CREATE TABLE service_charges (
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  id             uuid NOT NULL,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  rate_ppm       integer NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
  dining_options text[] NOT NULL CHECK (dining_options <@ ARRAY['dine_in', 'takeaway', 'delivery']::text[]),
  taxable        boolean NOT NULL DEFAULT false,
  archived_at    timestamptz,
  version        bigint NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX service_charges_version_idx ON service_charges (tenant_id, version);

CREATE TABLE service_charge_taxes (
  tenant_id         uuid NOT NULL,
  service_charge_id uuid NOT NULL,
  tax_rate_id       uuid NOT NULL,
  PRIMARY KEY (tenant_id, service_charge_id, tax_rate_id),
  FOREIGN KEY (tenant_id, service_charge_id) REFERENCES service_charges (tenant_id, id),
  FOREIGN KEY (tenant_id, tax_rate_id) REFERENCES tax_rates (tenant_id, id)
);

-- Discounts: percentage (value in ppm) or fixed (minor units); value NULL = amount entered at the
-- sale. Applying more than approval_threshold (same unit) needs orders:discount_over_limit or a
-- manager approval.
CREATE TABLE discounts (
  tenant_id          uuid NOT NULL REFERENCES tenants (id),
  id                 uuid NOT NULL,
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind               text NOT NULL CHECK (kind IN ('percentage', 'fixed')),
  scope              text NOT NULL CHECK (scope IN ('item', 'order')),
  value              bigint CHECK (value >= 0 AND (kind = 'fixed' OR value <= 1000000)),
  approval_threshold bigint CHECK (approval_threshold >= 0),
  archived_at        timestamptz,
  version            bigint NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX discounts_version_idx ON discounts (tenant_id, version);

