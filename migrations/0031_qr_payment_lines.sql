-- "Pay for my items": the lines of the table's order a phone payment covered. A line is taken while
-- one of its payments is pending, authorized or completed and not refunded in full; a failed,
-- canceled or fully refunded payment frees its lines for another payment.
CREATE TABLE qr_payment_lines (
  tenant_id uuid NOT NULL,
  payment_id uuid NOT NULL,
  line_id uuid NOT NULL,
  qr_order_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, payment_id, line_id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
  FOREIGN KEY (tenant_id, line_id) REFERENCES order_lines (tenant_id, id),
  FOREIGN KEY (tenant_id, qr_order_id) REFERENCES qr_orders (tenant_id, id)
);
CREATE INDEX qr_payment_lines_qr_order ON qr_payment_lines (tenant_id, qr_order_id);
