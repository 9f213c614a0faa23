-- Users with roles, customers with owners (the tables' columns: 0011). Why triggers: 0001_triggers.sql.
--
-- Before this, every user could do everything: each keeps that power as `admin` (demote them in
-- Settings → Users or with PATCH /api/users/<id>/). On a new database this finds no users: the
-- first start creates `admin` with the role admin itself (auth/bootstrap.ts).
UPDATE users SET role = 'admin';
--> statement-breakpoint
-- A customer whose principal is a username is that user's (display names are all '' yet).
-- `crm owners` lists the principals that match nobody; `crm owners link` links them.
UPDATE customers SET owner_id = (SELECT id FROM users WHERE username = customers.principal)
WHERE principal IN (SELECT username FROM users);
--> statement-breakpoint
INSERT INTO customer_counts_by_owner (owner_id, customer_type, lead_source, customer_industry, follow_up_status, n)
SELECT owner_id, customer_type, lead_source, customer_industry, follow_up_status, count(*)
FROM customers WHERE deleted_at IS NULL AND owner_id IS NOT NULL
GROUP BY owner_id, customer_type, lead_source, customer_industry, follow_up_status;
--> statement-breakpoint
INSERT INTO due_counts_by_owner (owner_id, day, n)
SELECT owner_id, next_follow_up_at / 86400000, count(*) FROM customers
WHERE deleted_at IS NULL AND owner_id IS NOT NULL AND next_follow_up_at IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
CREATE TRIGGER `customers_owner_count_insert` AFTER INSERT ON `customers`
WHEN NEW.deleted_at IS NULL AND NEW.owner_id IS NOT NULL BEGIN
  INSERT INTO customer_counts_by_owner (owner_id, customer_type, lead_source, customer_industry, follow_up_status, n)
  VALUES (NEW.owner_id, NEW.customer_type, NEW.lead_source, NEW.customer_industry, NEW.follow_up_status, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO due_counts_by_owner (owner_id, day, n)
  SELECT NEW.owner_id, NEW.next_follow_up_at / 86400000, 1 WHERE NEW.next_follow_up_at IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_owner_count_delete` AFTER DELETE ON `customers`
WHEN OLD.deleted_at IS NULL AND OLD.owner_id IS NOT NULL BEGIN
  UPDATE customer_counts_by_owner SET n = n - 1
  WHERE owner_id = OLD.owner_id AND customer_type = OLD.customer_type AND lead_source = OLD.lead_source
    AND customer_industry = OLD.customer_industry AND follow_up_status = OLD.follow_up_status;
  UPDATE due_counts_by_owner SET n = n - 1
  WHERE owner_id = OLD.owner_id AND day = OLD.next_follow_up_at / 86400000;
END;
--> statement-breakpoint
CREATE TRIGGER `customers_owner_count_update`
AFTER UPDATE OF owner_id, customer_type, lead_source, customer_industry, follow_up_status, deleted_at ON `customers`
WHEN (OLD.owner_id IS NOT NULL OR NEW.owner_id IS NOT NULL) AND (
  OLD.deleted_at IS NOT NEW.deleted_at OR OLD.owner_id IS NOT NEW.owner_id
  OR OLD.customer_type IS NOT NEW.customer_type OR OLD.lead_source IS NOT NEW.lead_source
  OR OLD.customer_industry IS NOT NEW.customer_industry OR OLD.follow_up_status IS NOT NEW.follow_up_status)
BEGIN
  UPDATE customer_counts_by_owner SET n = n - 1
  WHERE OLD.deleted_at IS NULL AND owner_id = OLD.owner_id
    AND customer_type = OLD.customer_type AND lead_source = OLD.lead_source
    AND customer_industry = OLD.customer_industry AND follow_up_status = OLD.follow_up_status;
  INSERT INTO customer_counts_by_owner (owner_id, customer_type, lead_source, customer_industry, follow_up_status, n)
  SELECT NEW.owner_id, NEW.customer_type, NEW.lead_source, NEW.customer_industry, NEW.follow_up_status, 1
  WHERE NEW.deleted_at IS NULL AND NEW.owner_id IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- A new log entry moves next_follow_up_at: one day's count down, another's up.
CREATE TRIGGER `customers_owner_due_count_update` AFTER UPDATE OF next_follow_up_at, owner_id, deleted_at ON `customers`
WHEN (OLD.owner_id IS NOT NULL OR NEW.owner_id IS NOT NULL) AND (
  OLD.deleted_at IS NOT NEW.deleted_at OR OLD.owner_id IS NOT NEW.owner_id
  OR OLD.next_follow_up_at / 86400000 IS NOT NEW.next_follow_up_at / 86400000)
BEGIN
  UPDATE due_counts_by_owner SET n = n - 1
  WHERE OLD.deleted_at IS NULL AND owner_id = OLD.owner_id AND day = OLD.next_follow_up_at / 86400000;
  INSERT INTO due_counts_by_owner (owner_id, day, n) SELECT NEW.owner_id, NEW.next_follow_up_at / 86400000, 1
  WHERE NEW.deleted_at IS NULL AND NEW.owner_id IS NOT NULL AND NEW.next_follow_up_at IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- Ownership changes are history too: an `update` of the field `owner` (the username), beside the
-- principal's own entry when both changed.
CREATE TRIGGER `customers_audit_owner` AFTER UPDATE OF owner_id ON `customers`
WHEN OLD.owner_id IS NOT NEW.owner_id BEGIN
  INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
  VALUES (
    CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'customer', NEW.id, NEW.id, 'update',
    NEW.changed_by, (SELECT username FROM users WHERE id = NEW.changed_by),
    json_object('owner', (SELECT username FROM users WHERE id = OLD.owner_id)),
    json_object('owner', (SELECT username FROM users WHERE id = NEW.owner_id))
  );
END;
--> statement-breakpoint
-- Users: created, and changes of display name, role or disabled state (not passwords). A user
-- has no customer: customer_id 0.
CREATE TRIGGER `users_audit_insert` AFTER INSERT ON `users` BEGIN
  INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
  VALUES (
    CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'user', NEW.id, 0, 'create',
    NEW.changed_by, (SELECT username FROM users WHERE id = NEW.changed_by), NULL,
    json_object('username', NEW.username, 'display_name', NEW.display_name, 'role', NEW.role,
      'disabled', NEW.disabled)
  );
END;
--> statement-breakpoint
CREATE TRIGGER `users_audit_update` AFTER UPDATE OF display_name, role, disabled ON `users`
WHEN OLD.display_name IS NOT NEW.display_name OR OLD.role IS NOT NEW.role OR OLD.disabled IS NOT NEW.disabled
BEGIN
  INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
  VALUES (
    CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'user', NEW.id, 0, 'update',
    NEW.changed_by, (SELECT username FROM users WHERE id = NEW.changed_by),
    json_object('username', OLD.username, 'display_name', OLD.display_name, 'role', OLD.role,
      'disabled', OLD.disabled),
    json_object('username', NEW.username, 'display_name', NEW.display_name, 'role', NEW.role,
      'disabled', NEW.disabled)
  );
END;
