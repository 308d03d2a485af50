-- "Complete the order when this payment settles it": kept on the payment, because a gateway
-- payment settles later (a notification, the poller), not in the request that asked for it.
ALTER TABLE payments ADD COLUMN complete_order boolean NOT NULL DEFAULT false;

-- Gateway refunds still pending are asked about by the status poller (like payments).
ALTER TABLE refunds ADD COLUMN last_polled_at timestamptz;
CREATE INDEX refunds_pending_gateway_idx ON refunds (created_at)
  WHERE status = 'pending' AND gateway_refund_ref IS NOT NULL;
