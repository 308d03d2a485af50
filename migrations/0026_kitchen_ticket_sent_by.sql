-- Who sent a kitchen ticket, as the cook reads it on the card ("Rudi"): the sender's name when the
-- ticket was made (a name change later does not rewrite the kitchen's history).
ALTER TABLE kitchen_tickets ADD COLUMN sent_by text;
