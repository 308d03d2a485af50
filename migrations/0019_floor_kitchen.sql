-- Issue 13: the restaurant floor (floors, tables, which orders sit where) and the kitchen
-- (stations, routing, tickets, courses).

-- Floors of an outlet (a terrace, the first floor …), each with its tables on a plan.
CREATE TABLE floors (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  outlet_id   uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  position    integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id)
);
CREATE INDEX floors_outlet_idx ON floors (tenant_id, outlet_id, position);

-- A table on a floor plan. Its row is the lock that makes "open this table" atomic.
CREATE TABLE dining_tables (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  outlet_id   uuid NOT NULL,
  floor_id    uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  seats       integer NOT NULL CHECK (seats BETWEEN 1 AND 100),
  shape       text NOT NULL CHECK (shape IN ('square', 'round', 'rect')),
  x           integer NOT NULL CHECK (x BETWEEN 0 AND 10000),
  y           integer NOT NULL CHECK (y BETWEEN 0 AND 10000),
  width       integer NOT NULL CHECK (width BETWEEN 1 AND 10000),
  height      integer NOT NULL CHECK (height BETWEEN 1 AND 10000),
  archived_at timestamptz,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, floor_id) REFERENCES floors (tenant_id, id)
);
CREATE UNIQUE INDEX dining_tables_name_idx ON dining_tables (tenant_id, outlet_id, lower(name)) WHERE archived_at IS NULL;
CREATE INDEX dining_tables_floor_idx ON dining_tables (tenant_id, floor_id);

-- Where an order sits: at a table, or on a named tab (no table). A table's status is derived from
-- its orders that are still open or sent.
CREATE TABLE floor_orders (
  tenant_id          uuid NOT NULL,
  order_id           uuid NOT NULL,
  outlet_id          uuid NOT NULL,
  table_id           uuid,
  tab_name           text CHECK (length(tab_name) BETWEEN 1 AND 100),
  bill_requested_at  timestamptz,
  opened_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, order_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, table_id) REFERENCES dining_tables (tenant_id, id),
  CHECK ((table_id IS NULL) <> (tab_name IS NULL))
);
CREATE INDEX floor_orders_table_idx ON floor_orders (tenant_id, table_id) WHERE table_id IS NOT NULL;
CREATE INDEX floor_orders_outlet_idx ON floor_orders (tenant_id, outlet_id, opened_at);

-- Kitchen stations of an outlet. The key names the realtime room (`station`), unique per business.
CREATE TABLE kitchen_stations (
  tenant_id           uuid NOT NULL,
  id                  uuid NOT NULL,
  outlet_id           uuid NOT NULL,
  key                 text NOT NULL CHECK (key ~ '^[a-z0-9_-]{1,40}$'),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- Lines no rule routes go to the outlet's default station (at most one per outlet).
  is_default          boolean NOT NULL DEFAULT false,
  late_after_seconds  integer NOT NULL DEFAULT 900 CHECK (late_after_seconds BETWEEN 30 AND 86400),
  position            integer NOT NULL DEFAULT 0,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id)
);
CREATE UNIQUE INDEX kitchen_stations_key_idx ON kitchen_stations (tenant_id, key);
CREATE UNIQUE INDEX kitchen_stations_default_idx ON kitchen_stations (tenant_id, outlet_id) WHERE is_default;

-- Routing: an item or a category goes to a station of an outlet, with a default course. An item's
-- own rule beats its category's.
CREATE TABLE kitchen_routes (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL,
  outlet_id    uuid NOT NULL,
  station_id   uuid NOT NULL,
  item_id      uuid,
  category_id  uuid,
  course       integer CHECK (course BETWEEN 1 AND 100),
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, station_id) REFERENCES kitchen_stations (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES items (tenant_id, id),
  FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id),
  CHECK ((item_id IS NULL) <> (category_id IS NULL))
);
CREATE UNIQUE INDEX kitchen_routes_item_idx ON kitchen_routes (tenant_id, outlet_id, item_id) WHERE item_id IS NOT NULL;
CREATE UNIQUE INDEX kitchen_routes_category_idx ON kitchen_routes (tenant_id, outlet_id, category_id) WHERE category_id IS NOT NULL;

-- Per order: the highest course fired so far (later courses are held until fired).
CREATE TABLE kitchen_orders (
  tenant_id     uuid NOT NULL,
  order_id      uuid NOT NULL,
  outlet_id     uuid NOT NULL,
  order_number  integer NOT NULL,
  fired_course  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, order_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);

-- A ticket: the lines of one send (or one held course) for one station.
CREATE TABLE kitchen_tickets (
  tenant_id     uuid NOT NULL,
  id            uuid NOT NULL,
  outlet_id     uuid NOT NULL,
  station_id    uuid NOT NULL,
  order_id      uuid NOT NULL,
  order_number  integer NOT NULL,
  table_ref     text,
  course        integer,
  status        text NOT NULL CHECK (status IN ('held', 'open', 'bumped', 'served')),
  rush          boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL,
  fired_at      timestamptz,
  bumped_at     timestamptz,
  served_at     timestamptz,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, station_id) REFERENCES kitchen_stations (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX kitchen_tickets_station_idx ON kitchen_tickets (tenant_id, station_id, status, fired_at);
CREATE INDEX kitchen_tickets_order_idx ON kitchen_tickets (tenant_id, order_id);
CREATE INDEX kitchen_tickets_outlet_idx ON kitchen_tickets (tenant_id, outlet_id, created_at);

CREATE TABLE kitchen_ticket_lines (
  tenant_id     uuid NOT NULL,
  ticket_id     uuid NOT NULL,
  line_id       uuid NOT NULL,
  position      integer NOT NULL,
  item_id       uuid NOT NULL,
  name          text NOT NULL,
  variant_name  text,
  quantity      integer NOT NULL,
  modifiers     jsonb NOT NULL DEFAULT '[]',
  notes         text,
  seat          integer,
  course        integer,
  status        text NOT NULL CHECK (status IN ('new', 'preparing', 'ready', 'served', 'voided')),
  ready_at      timestamptz,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, ticket_id, line_id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES kitchen_tickets (tenant_id, id)
);
CREATE INDEX kitchen_ticket_lines_line_idx ON kitchen_ticket_lines (tenant_id, line_id);

-- Permissions: the kitchen never sees money (no orders:read, no catalog prices); the floor has its
-- own; stations and routing are kitchen:manage. Built-in roles are stored per tenant.
UPDATE roles
   SET permissions = array_remove(array_remove(permissions, 'orders:read'), 'catalog:read'), updated_at = now()
 WHERE builtin AND key = 'kitchen';
UPDATE roles
   SET permissions = array_append(permissions, 'floor:read'), updated_at = now()
 WHERE builtin AND key IN ('owner', 'admin', 'manager', 'cashier', 'waiter')
   AND NOT ('floor:read' = ANY (permissions));
UPDATE roles
   SET permissions = permissions || ARRAY['floor:manage', 'kitchen:manage']::text[], updated_at = now()
 WHERE builtin AND key IN ('owner', 'admin', 'manager')
   AND NOT ('floor:manage' = ANY (permissions));
