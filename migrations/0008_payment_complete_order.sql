-- "Complete the order when this payment settles it": kept on the payment, because a gateway
-- payment settles later (a notification, the poller), not in the request that asked for it.
ALTER TABLE payments ADD COLUMN complete_order boolean NOT NULL DEFAULT false;
