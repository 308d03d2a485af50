-- Issue 15: images uploaded by a business (item pictures, the receipt logo), kept in the database
-- so a backup holds them and every node serves them. Immutable: a new picture is a new row.

CREATE TABLE media_images (
  tenant_id    uuid NOT NULL REFERENCES tenants (id),
  id           uuid NOT NULL,
  -- Sniffed from the bytes (magic numbers), never taken from the request's Content-Type.
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
  width        integer NOT NULL CHECK (width BETWEEN 1 AND 65535),
  height       integer NOT NULL CHECK (height BETWEEN 1 AND 65535),
  byte_size    integer NOT NULL CHECK (byte_size BETWEEN 1 AND 1048576),
  -- Hex SHA-256 of the bytes: the ETag, and the same picture uploaded twice is one row.
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes        bytea NOT NULL CHECK (octet_length(bytes) = byte_size),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX media_images_sha_idx ON media_images (tenant_id, sha256);

-- An item's picture: an image of the same business (the composite key makes another's impossible).
ALTER TABLE items ADD COLUMN image_id uuid;
ALTER TABLE items ADD FOREIGN KEY (tenant_id, image_id) REFERENCES media_images (tenant_id, id);

-- The outlet's receipt logo, beside its other receipt branding.
ALTER TABLE outlet_cash_settings ADD COLUMN logo_image_id uuid;
ALTER TABLE outlet_cash_settings ADD FOREIGN KEY (tenant_id, logo_image_id) REFERENCES media_images (tenant_id, id);
