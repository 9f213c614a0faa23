-- Exact counts without walking the matches (tables in 0007; why triggers: see 0001_triggers.sql).
-- Bulk loads drop these triggers and rebuild the tables in one pass (src/db/bulk-load.ts).
INSERT INTO customer_counts_by_principal (principal, customer_type, lead_source, customer_industry, follow_up_status, n)
SELECT principal, customer_type, lead_source, customer_industry, follow_up_status, count(*)
FROM customers WHERE deleted_at IS NULL
GROUP BY principal, customer_type, lead_source, customer_industry, follow_up_status;
--> statement-breakpoint
INSERT INTO due_counts (day, n)
SELECT next_follow_up_at / 86400000, count(*) FROM customers
WHERE deleted_at IS NULL AND next_follow_up_at IS NOT NULL GROUP BY 1;
--> statement-breakpoint
INSERT INTO due_counts_by_principal (principal, day, n)
SELECT principal, next_follow_up_at / 86400000, count(*) FROM customers
WHERE deleted_at IS NULL AND next_follow_up_at IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
CREATE TRIGGER `customers_principal_count_insert` AFTER INSERT ON `customers` WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO customer_counts_by_principal (principal, customer_type, lead_source, customer_industry, follow_up_status, n)
  VALUES (NEW.principal, NEW.customer_type, NEW.lead_source, NEW.customer_industry, NEW.follow_up_status, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_principal_count_delete` AFTER DELETE ON `customers` WHEN OLD.deleted_at IS NULL BEGIN
  UPDATE customer_counts_by_principal SET n = n - 1
  WHERE principal = OLD.principal AND customer_type = OLD.customer_type AND lead_source = OLD.lead_source
    AND customer_industry = OLD.customer_industry AND follow_up_status = OLD.follow_up_status;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_principal_count_update`
AFTER UPDATE OF principal, customer_type, lead_source, customer_industry, follow_up_status, deleted_at ON `customers`
WHEN OLD.deleted_at IS NOT NEW.deleted_at OR OLD.principal IS NOT NEW.principal
  OR OLD.customer_type IS NOT NEW.customer_type OR OLD.lead_source IS NOT NEW.lead_source
  OR OLD.customer_industry IS NOT NEW.customer_industry OR OLD.follow_up_status IS NOT NEW.follow_up_status
BEGIN
  UPDATE customer_counts_by_principal SET n = n - 1
  WHERE OLD.deleted_at IS NULL AND principal = OLD.principal
    AND customer_type = OLD.customer_type AND lead_source = OLD.lead_source
    AND customer_industry = OLD.customer_industry AND follow_up_status = OLD.follow_up_status;
  INSERT INTO customer_counts_by_principal (principal, customer_type, lead_source, customer_industry, follow_up_status, n)
  SELECT NEW.principal, NEW.customer_type, NEW.lead_source, NEW.customer_industry, NEW.follow_up_status, 1
  WHERE NEW.deleted_at IS NULL
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_due_count_insert` AFTER INSERT ON `customers`
WHEN NEW.deleted_at IS NULL AND NEW.next_follow_up_at IS NOT NULL BEGIN
  INSERT INTO due_counts (day, n) VALUES (NEW.next_follow_up_at / 86400000, 1) ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO due_counts_by_principal (principal, day, n) VALUES (NEW.principal, NEW.next_follow_up_at / 86400000, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_due_count_delete` AFTER DELETE ON `customers`
WHEN OLD.deleted_at IS NULL AND OLD.next_follow_up_at IS NOT NULL BEGIN
  UPDATE due_counts SET n = n - 1 WHERE day = OLD.next_follow_up_at / 86400000;
  UPDATE due_counts_by_principal SET n = n - 1
  WHERE principal = OLD.principal AND day = OLD.next_follow_up_at / 86400000;
END;
--> statement-breakpoint
-- A new log entry moves next_follow_up_at: one day's count down, another's up.
CREATE TRIGGER `customers_due_count_update` AFTER UPDATE OF next_follow_up_at, principal, deleted_at ON `customers`
WHEN OLD.deleted_at IS NOT NEW.deleted_at OR OLD.principal IS NOT NEW.principal
  OR OLD.next_follow_up_at / 86400000 IS NOT NEW.next_follow_up_at / 86400000
BEGIN
  UPDATE due_counts SET n = n - 1
  WHERE OLD.deleted_at IS NULL AND day = OLD.next_follow_up_at / 86400000;
  UPDATE due_counts_by_principal SET n = n - 1
  WHERE OLD.deleted_at IS NULL AND principal = OLD.principal AND day = OLD.next_follow_up_at / 86400000;
  INSERT INTO due_counts (day, n) SELECT NEW.next_follow_up_at / 86400000, 1
  WHERE NEW.deleted_at IS NULL AND NEW.next_follow_up_at IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO due_counts_by_principal (principal, day, n) SELECT NEW.principal, NEW.next_follow_up_at / 86400000, 1
  WHERE NEW.deleted_at IS NULL AND NEW.next_follow_up_at IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
