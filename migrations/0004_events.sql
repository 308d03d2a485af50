-- Event log (outbox). Every state change writes its events in the same transaction as the change.
-- Numbering: event_heads holds each tenant's last sequence number; the appending transaction
-- updates it (a row lock held until commit), so numbers are gap-free per tenant (a rolled-back
-- transaction gives its numbers back) and committed in order (seq N+1 cannot commit before N).
-- After commit, NOTIFY kasir_events wakes every node's dispatcher, which reads the table.

CREATE TABLE event_heads (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  seq       bigint NOT NULL DEFAULT 0
);

CREATE TABLE events (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  seq         bigint NOT NULL,
  id          uuid NOT NULL,
  type        text NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  occurred_at timestamptz NOT NULL,
  -- Routing: which realtime rooms the event goes to, and which permission a reader needs.
  topic       text NOT NULL,
  outlet_id   uuid,
  register_id uuid,
  order_id    uuid,
  actor       text,
  payload     jsonb NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX events_order_idx ON events (tenant_id, order_id, seq) WHERE order_id IS NOT NULL;
