-- Rupiah in practice (issue 9.7). A currency's practical increment: the smallest amount anybody
-- actually pays, in minor units. NULL = the currency's default (src/platform/money/currency.ts:
-- IDR 100 sen = Rp 1, JPY 1, USD 1 cent).
ALTER TABLE tenants ADD COLUMN practical_increment bigint
  CHECK (practical_increment BETWEEN 1 AND 100000000);

-- What a tender took beyond (or short of) the amount it applied to the order. Cash always had it;
-- card and gateway payments that settle a balance with sen now round up to the practical
-- increment too, so the column is no longer cash-only.
ALTER TABLE payments RENAME COLUMN cash_rounding TO rounding;

-- The part of its payment's rounding a refund gives back (what the tender returns = amount +
-- rounding), on the running total so a payment refunded in full returns exactly what it took.
ALTER TABLE refunds ADD COLUMN rounding bigint NOT NULL DEFAULT 0;
