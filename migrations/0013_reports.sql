-- Reports: rollups maintained from the event log by the reports projector (modules/reports).
-- Each figure is taken from the ledger entry of the event it projects (a sale, a payment, a
-- refund), dated by when that entry was posted in the outlet's time zone, so a refund a month
-- later lands on the refund's business day, as a refund. The cursor and the rollups change in one
-- transaction: every event is counted exactly once.

CREATE TABLE report_cursors (
  tenant_id  uuid PRIMARY KEY REFERENCES tenants (id),
  seq        bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per tenant × dimension × business day × outlet × key. Dimensions: `day` (key ''),
-- `hour` ('00'…'23'), `item`, `variant`, `category`, `modifier`, `employee`, `dining`,
-- `payment` (tender, `method[:channel]`), `tax` (rate id). Which figures a dimension fills is
-- documented in modules/reports/README.md. Amounts are minor units of the tenant's currency.
CREATE TABLE report_rollups (
  tenant_id         uuid NOT NULL REFERENCES tenants (id),
  dimension         text NOT NULL,
  business_date     date NOT NULL,
  outlet_id         uuid NOT NULL,
  key               text NOT NULL,
  label             text NOT NULL DEFAULT '',
  orders            bigint NOT NULL DEFAULT 0,
  quantity          bigint NOT NULL DEFAULT 0,
  gross             bigint NOT NULL DEFAULT 0,
  discounts         bigint NOT NULL DEFAULT 0,
  returns           bigint NOT NULL DEFAULT 0,
  returned_quantity bigint NOT NULL DEFAULT 0,
  service_charge    bigint NOT NULL DEFAULT 0,
  tax               bigint NOT NULL DEFAULT 0,
  tips              bigint NOT NULL DEFAULT 0,
  rounding          bigint NOT NULL DEFAULT 0,
  collected         bigint NOT NULL DEFAULT 0,
  refunded          bigint NOT NULL DEFAULT 0,
  refund_count      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, dimension, business_date, outlet_id, key),
  FOREIGN KEY (tenant_id, outlet_id) REFERENCES outlets (tenant_id, id)
);

-- Loss prevention reads voids, cancellations, refunds and no-sale opens from the audit log by time.
CREATE INDEX audit_log_at_idx ON audit_log (tenant_id, at);
