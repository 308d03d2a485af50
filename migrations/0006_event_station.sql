-- Kitchen station routing for events (kitchen tickets go to the display of one station: kitchen,
-- bar, ...). Station keys are per tenant, like 'kitchen' or 'bar'.
ALTER TABLE events ADD COLUMN station text CHECK (station IS NULL OR station ~ '^[a-z0-9_-]{1,40}$');
