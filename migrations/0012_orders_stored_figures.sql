-- Orders are read from what was stored when they were last priced, never re-priced on a read
-- (issue 10). Two figures were not stored until now: what each service charge and each order
-- discount came to (the order's `charge_figures` and `discount_figures`, as the API shows them)
-- and each line's share of the service-charge tax (inside `tax_exclusive`, which the line's own
-- `tax` leaves out).
ALTER TABLE orders
  ADD COLUMN charge_figures   jsonb,
  ADD COLUMN discount_figures jsonb;
ALTER TABLE order_lines
  ADD COLUMN service_charge_tax bigint;

-- Filled in where they follow from what is stored: no charges or no order discounts → none, a
-- line with no service charge → no service-charge tax. Orders priced before this migration with
-- either keep NULL there and are priced from their snapshots when read (`orderDto`), until their
-- next change stores the figures.
UPDATE orders SET charge_figures = '[]' WHERE service_charges = '[]'::jsonb;
UPDATE orders SET discount_figures = '[]' WHERE discounts = '[]'::jsonb;
UPDATE order_lines SET service_charge_tax = 0 WHERE service_charge = 0;
