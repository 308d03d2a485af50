-- Restaurant service: which course a line is served in and which seat ordered it (both optional).
ALTER TABLE order_lines
  ADD COLUMN course integer CHECK (course >= 1),
  ADD COLUMN seat   integer CHECK (seat >= 1);
