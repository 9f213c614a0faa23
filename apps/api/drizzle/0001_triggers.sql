-- Triggers keep derived data in the same statement as the write that changes it. D1 has no
-- interactive transactions and a synchronous driver's transaction takes a synchronous
-- callback, so a trigger is the one form of atomic write every driver shares.

-- customer_counts: live customers per combination of the four choice fields.
CREATE TRIGGER `customers_count_insert` AFTER INSERT ON `customers` WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO customer_counts (customer_type, lead_source, customer_industry, follow_up_status, n)
  VALUES (NEW.customer_type, NEW.lead_source, NEW.customer_industry, NEW.follow_up_status, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_count_delete` AFTER DELETE ON `customers` WHEN OLD.deleted_at IS NULL BEGIN
  UPDATE customer_counts SET n = n - 1
  WHERE customer_type = OLD.customer_type AND lead_source = OLD.lead_source
    AND customer_industry = OLD.customer_industry AND follow_up_status = OLD.follow_up_status;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_count_update`
AFTER UPDATE OF customer_type, lead_source, customer_industry, follow_up_status, deleted_at ON `customers` BEGIN
  UPDATE customer_counts SET n = n - 1
  WHERE OLD.deleted_at IS NULL
    AND customer_type = OLD.customer_type AND lead_source = OLD.lead_source
    AND customer_industry = OLD.customer_industry AND follow_up_status = OLD.follow_up_status;
  INSERT INTO customer_counts (customer_type, lead_source, customer_industry, follow_up_status, n)
  SELECT NEW.customer_type, NEW.lead_source, NEW.customer_industry, NEW.follow_up_status, 1
  WHERE NEW.deleted_at IS NULL
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- last_contact_at / next_follow_up_at: the time and next_time of the customer's newest entry.
CREATE TRIGGER `follow_ups_insert_contact` AFTER INSERT ON `follow_ups` BEGIN
  UPDATE customers SET (last_contact_at, next_follow_up_at) = (
    SELECT time, next_time FROM follow_ups WHERE customer_id = NEW.customer_id ORDER BY time DESC, id DESC LIMIT 1
  ) WHERE id = NEW.customer_id;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_update_contact` AFTER UPDATE OF time, next_time, customer_id ON `follow_ups` BEGIN
  UPDATE customers SET (last_contact_at, next_follow_up_at) = (
    SELECT time, next_time FROM follow_ups WHERE customer_id = customers.id ORDER BY time DESC, id DESC LIMIT 1
  ) WHERE id IN (NEW.customer_id, OLD.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_delete_contact` AFTER DELETE ON `follow_ups` BEGIN
  UPDATE customers SET (last_contact_at, next_follow_up_at) = (
    SELECT time, next_time FROM follow_ups WHERE customer_id = OLD.customer_id ORDER BY time DESC, id DESC LIMIT 1
  ) WHERE id = OLD.customer_id;
END;
