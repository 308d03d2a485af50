-- Foundation: tenancy, identity and access, idempotency, audit log.
--
-- Tenant key rule: every tenant-owned table has `tenant_id`, its primary key starts with
-- `tenant_id`, and every foreign key between tenant-owned tables is `(tenant_id, x_id)`, so a row
-- can never point into another tenant and the schema can be distributed by `tenant_id` (Citus).
-- Global tables (documented in docs/ARCHITECTURE.md): `tenants` (the root), `users` (one person
-- may belong to several tenants), `auth_sessions` / `refresh_tokens` and `credential_lockouts`.

CREATE TABLE tenants (
  id           uuid PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  currency     char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  timezone     text NOT NULL,
  locale       text NOT NULL,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  suspended_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id             uuid PRIMARY KEY,
  email          text NOT NULL,
  name           text NOT NULL,
  password_hash  text NOT NULL,
  platform_role  text CHECK (platform_role IN ('admin')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE outlets (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address     text,
  timezone    text,
  archived_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE registers (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  outlet_id   uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  archived_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id)
);
CREATE INDEX registers_outlet_idx ON registers (tenant_id, outlet_id);

-- Roles: the six built-in roles are created per tenant at sign-up (builtin = true, not editable);
-- custom roles are built from the permission catalogue in src/modules/identity/permissions.ts.
CREATE TABLE roles (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  key         text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_-]{0,49}$'),
  name        text NOT NULL,
  permissions text[] NOT NULL DEFAULT '{}',
  builtin     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key)
);

-- A user's place in a tenant. outlet_ids NULL = every outlet; otherwise the role only applies
-- in the listed outlets. pin_hash is the staff PIN (argon2id) for register logins.
CREATE TABLE memberships (
  tenant_id    uuid NOT NULL REFERENCES tenants (id),
  id           uuid NOT NULL,
  user_id      uuid NOT NULL REFERENCES users (id),
  role_id      uuid NOT NULL,
  outlet_ids   uuid[],
  display_name text NOT NULL,
  pin_hash     text,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, user_id),
  FOREIGN KEY (tenant_id, role_id) REFERENCES roles (tenant_id, id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- A register device (tablet / terminal) paired with a one-time code a manager issued.
CREATE TABLE devices (
  tenant_id    uuid NOT NULL REFERENCES tenants (id),
  id           uuid NOT NULL,
  register_id  uuid NOT NULL,
  name         text NOT NULL,
  secret_hash  text NOT NULL,
  paired_by    uuid NOT NULL,
  last_seen_at timestamptz,
  revoked_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, register_id) REFERENCES registers (tenant_id, id),
  FOREIGN KEY (tenant_id, paired_by) REFERENCES memberships (tenant_id, id)
);
CREATE INDEX devices_id_idx ON devices (id);

CREATE TABLE device_pairing_codes (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  register_id uuid NOT NULL,
  code_hash   text NOT NULL,
  created_by  uuid NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  device_id   uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, register_id) REFERENCES registers (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES memberships (tenant_id, id)
);
-- Looked up by the code alone (the device does not know its tenant yet).
CREATE INDEX device_pairing_codes_hash_idx ON device_pairing_codes (code_hash);

CREATE TABLE api_keys (
  tenant_id    uuid NOT NULL REFERENCES tenants (id),
  id           uuid NOT NULL,
  name         text NOT NULL,
  prefix       text NOT NULL,
  secret_hash  text NOT NULL,
  scopes       text[] NOT NULL,
  outlet_ids   uuid[],
  created_by   uuid NOT NULL,
  expires_at   timestamptz,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES memberships (tenant_id, id)
);
CREATE INDEX api_keys_id_idx ON api_keys (id);

-- Login sessions: one row per refresh-token family. Revoking the session (logout, reuse of a
-- rotated refresh token, suspension) invalidates its access tokens at once, because every
-- authenticated request checks the session.
CREATE TABLE auth_sessions (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id),
  tenant_id     uuid REFERENCES tenants (id),
  membership_id uuid,
  device_id     uuid,
  kind          text NOT NULL CHECK (kind IN ('password', 'pin', 'platform')),
  ip            text,
  user_agent    text,
  revoked_at    timestamptz,
  revoke_reason text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id);

CREATE TABLE refresh_tokens (
  id          uuid PRIMARY KEY,
  session_id  uuid NOT NULL REFERENCES auth_sessions (id),
  secret_hash text NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Failed-credential counters for lockout with back-off. scope: 'password' (subject = lower
-- email), 'pin' (subject = membership id), 'approval' (subject = membership id).
CREATE TABLE credential_lockouts (
  scope           text NOT NULL,
  subject         text NOT NULL,
  failures        integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  last_failure_at timestamptz,
  PRIMARY KEY (scope, subject)
);

-- Manager approval: a manager's PIN authorises exactly one use of one permission on one target.
CREATE TABLE approvals (
  tenant_id     uuid NOT NULL REFERENCES tenants (id),
  id            uuid NOT NULL,
  permission    text NOT NULL,
  target_type   text NOT NULL,
  target_id     text NOT NULL,
  approver_id   uuid NOT NULL,
  requested_by  text NOT NULL,
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  used_by       text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, approver_id) REFERENCES memberships (tenant_id, id)
);

-- Idempotency keys. Scoped per tenant and credential (scope = 'user:<id>', 'apikey:<id>', ...).
-- The stored response is written in the same transaction as the mutation it belongs to.
CREATE TABLE idempotency_keys (
  tenant_id       uuid NOT NULL REFERENCES tenants (id),
  scope           text NOT NULL,
  key             text NOT NULL,
  request_hash    text NOT NULL,
  method          text NOT NULL,
  path            text NOT NULL,
  response_status integer NOT NULL,
  response_body   jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Audit log: append-only, hash-chained per tenant. audit_heads holds the chain head; the row
-- is locked by the appending transaction, which serialises appends per tenant in commit order.
CREATE TABLE audit_heads (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  seq       bigint NOT NULL DEFAULT 0,
  hash      text NOT NULL
);

CREATE TABLE audit_log (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  seq         bigint NOT NULL,
  id          uuid NOT NULL,
  at          timestamptz NOT NULL,
  actor_type  text NOT NULL CHECK (actor_type IN ('user', 'device', 'api_key', 'platform', 'system')),
  actor_id    text,
  device_id   uuid,
  approval_id uuid,
  approver_id uuid,
  action      text NOT NULL,
  target_type text NOT NULL,
  target_id   text,
  before      jsonb,
  after       jsonb,
  ip          text,
  request_id  text,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
