-- An order row may be written after the rows that point at it, in the same transaction: a sale
-- (POST /v1/sales, the offline upload) inserts its lines and payments first and the order last,
-- numbered and completed in one statement right before commit, so the outlet's order and receipt
-- counters are locked for about one round trip (docs/ARCHITECTURE.md "The sale's statements").
-- The references are still checked, at commit.
ALTER TABLE order_lines ALTER CONSTRAINT order_lines_tenant_id_order_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE payments ALTER CONSTRAINT payments_tenant_id_order_id_fkey DEFERRABLE INITIALLY DEFERRED;
