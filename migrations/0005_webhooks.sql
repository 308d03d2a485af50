-- Outgoing webhooks, fed by the event log (0004). A per-tenant cursor records how far the fan-out
-- from `events` to deliveries has got; events are gap-free and committed in seq order, so
-- "everything after the cursor" never misses one. One delivery row per endpoint × event carries
-- the retry state and the latest attempt's outcome. Workers on several nodes claim work with
-- SELECT … FOR UPDATE SKIP LOCKED and hold a lease (token + expiry) while the HTTP request runs.

CREATE TABLE webhook_endpoints (
  tenant_id     uuid NOT NULL REFERENCES tenants (id),
  id            uuid NOT NULL,
  url           text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
  description   text NOT NULL DEFAULT '',
  -- Subscribed event types; '*' = all.
  event_types   text[] NOT NULL CHECK (cardinality(event_types) >= 1),
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  -- Why it is disabled: 'manual' (by a user) or 'failing' (every delivery failed for days).
  disabled_reason text CHECK (disabled_reason IN ('manual', 'failing')),
  disabled_at   timestamptz,
  -- First failed attempt since the last successful one; null while healthy.
  failing_since timestamptz,
  -- Events with seq > from_seq are delivered (the tenant's head when created or re-enabled).
  from_seq      bigint NOT NULL DEFAULT 0,
  -- Signing secrets, encrypted (AES-256-GCM, key derived from the server secret), never returned
  -- after creation or rotation. The previous one stays valid until previous_secret_expires_at.
  secret_ciphertext          text NOT NULL,
  previous_secret_ciphertext text,
  previous_secret_expires_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((status = 'disabled') = (disabled_reason IS NOT NULL))
);

CREATE TABLE webhook_cursors (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  -- Every event with seq <= this has been fanned out to deliveries.
  seq       bigint NOT NULL DEFAULT 0
);

CREATE TABLE webhook_deliveries (
  tenant_id          uuid NOT NULL,
  id                 uuid NOT NULL,
  endpoint_id        uuid NOT NULL,
  event_seq          bigint NOT NULL,
  event_id           uuid NOT NULL,
  event_type         text NOT NULL,
  -- pending: waiting for an attempt (first, or a manual redelivery); failed: the last attempt
  -- failed and another is scheduled at next_attempt_at; succeeded: 2xx; dead: given up.
  status             text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'failed', 'succeeded', 'dead')),
  attempts           integer NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz,
  first_attempt_at   timestamptz,
  last_attempt_at    timestamptz,
  last_response_code integer,
  last_latency_ms    integer,
  last_error         text,
  -- The worker holding this delivery while its request runs (never two at once).
  lease_token        uuid,
  lease_until        timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, endpoint_id, event_seq),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_seq) REFERENCES events (tenant_id, seq),
  CHECK ((status IN ('pending', 'failed')) = (next_attempt_at IS NOT NULL))
);
-- What the workers poll: due deliveries, oldest first.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
  WHERE status IN ('pending', 'failed');
