-- Floors and kitchen stations can be taken out of use (archived) like tables: their rows stay for
-- the orders and tickets that name them, the plan and the kitchen no longer show them.
ALTER TABLE floors ADD COLUMN archived_at timestamptz;
ALTER TABLE kitchen_stations ADD COLUMN archived_at timestamptz;
