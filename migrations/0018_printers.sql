-- Issue 14: network printers per outlet (raw TCP, port 9100) and their print queue.

CREATE TABLE printers (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL,
  outlet_id    uuid NOT NULL,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- A receipt printer, or a kitchen station's printer (station = the kitchen routing key).
  kind         text NOT NULL CHECK (kind IN ('receipt', 'kitchen')),
  station      text,
  host         text NOT NULL,
  port         integer NOT NULL DEFAULT 9100 CHECK (port BETWEEN 1 AND 65535),
  paper        integer NOT NULL DEFAULT 80 CHECK (paper IN (58, 80)),
  enabled      boolean NOT NULL DEFAULT true,
  status       text NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'online', 'offline')),
  last_error   text,
  down_since   timestamptz,
  alerted_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id)
);
CREATE INDEX printers_outlet_idx ON printers (tenant_id, outlet_id);

-- Print jobs: the bytes to send, retried with back-off until the printer takes them. A worker
-- claims a job with a lease (token + expiry) and records the outcome only while it holds it.
CREATE TABLE print_jobs (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL,
  printer_id       uuid NOT NULL,
  order_id         uuid,
  document         text NOT NULL CHECK (document IN ('receipt', 'test')),
  payload          bytea NOT NULL,
  status           text NOT NULL CHECK (status IN ('queued', 'printing', 'printed', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  lease_token      uuid,
  lease_expires_at timestamptz,
  last_error       text,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL,
  printed_at       timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, printer_id) REFERENCES printers (tenant_id, id)
);
-- The workers' queue (all tenants): jobs waiting, and jobs whose lease may have run out.
CREATE INDEX print_jobs_due_idx ON print_jobs (next_attempt_at) WHERE status IN ('queued', 'printing');
CREATE INDEX print_jobs_printer_idx ON print_jobs (tenant_id, printer_id, created_at);
