-- Audit history, written by triggers in the same statement as the change it records: D1 has no
-- interactive transactions and the synchronous driver's transaction takes a synchronous
-- callback, so a trigger is the one atomic form every driver shares (as in 0001_triggers).
-- The API sets `changed_by` (the user behind the key) in the same INSERT/UPDATE; the trigger
-- copies it with OLD/NEW into audit_log. Times use SQLite's clock, the same for every writer.
--
-- Deletes cannot carry a `changed_by`, so they run the other way round: the API inserts the
-- audit row (INSERT … SELECT from the *_snapshots views below, which also checks that the row
-- may go) and a trigger on audit_log deletes the row it describes, all in one statement.

CREATE VIEW `customer_snapshots` AS
SELECT id, deleted_at, json_object(
  'name', name, 'landline', landline, 'email', email, 'mobile_phone', mobile_phone,
  'customer_type', customer_type, 'company_details', company_details, 'lead_source', lead_source,
  'address', address, 'customer_industry', customer_industry, 'follow_up_status', follow_up_status,
  'principal', principal
) AS snapshot FROM customers;
--> statement-breakpoint
CREATE VIEW `follow_up_snapshots` AS
SELECT id, customer_id, json_object(
  'customer_id', customer_id, 'title', title, 'time', time, 'principal', principal,
  'content', content, 'next_time', next_time
) AS snapshot FROM follow_ups;
--> statement-breakpoint
CREATE TRIGGER `customers_audit_insert` AFTER INSERT ON `customers` BEGIN
  INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
  VALUES (
    CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'customer', NEW.id, NEW.id, 'create',
    NEW.changed_by, (SELECT username FROM users WHERE id = NEW.changed_by), NULL,
    json_object(
      'name', NEW.name, 'landline', NEW.landline, 'email', NEW.email, 'mobile_phone', NEW.mobile_phone,
      'customer_type', NEW.customer_type, 'company_details', NEW.company_details,
      'lead_source', NEW.lead_source, 'address', NEW.address, 'customer_industry', NEW.customer_industry,
      'follow_up_status', NEW.follow_up_status, 'principal', NEW.principal
    )
  );
END;
--> statement-breakpoint
-- Only the writable fields and the trash flag: the follow-up triggers' last_contact_at /
-- next_follow_up_at updates are not changes anyone made to the customer. An update that
-- changes nothing records nothing.
CREATE TRIGGER `customers_audit_update`
AFTER UPDATE OF name, landline, email, mobile_phone, customer_type, company_details, lead_source, address,
  customer_industry, follow_up_status, principal, deleted_at ON `customers`
WHEN OLD.name IS NOT NEW.name OR OLD.landline IS NOT NEW.landline OR OLD.email IS NOT NEW.email
  OR OLD.mobile_phone IS NOT NEW.mobile_phone OR OLD.customer_type IS NOT NEW.customer_type
  OR OLD.company_details IS NOT NEW.company_details OR OLD.lead_source IS NOT NEW.lead_source
  OR OLD.address IS NOT NEW.address OR OLD.customer_industry IS NOT NEW.customer_industry
  OR OLD.follow_up_status IS NOT NEW.follow_up_status OR OLD.principal IS NOT NEW.principal
  OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
BEGIN
  INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
  SELECT CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'customer', NEW.id, NEW.id, action,
    NEW.changed_by, (SELECT username FROM users WHERE id = NEW.changed_by),
    CASE WHEN action = 'restore' THEN NULL ELSE before END,
    CASE WHEN action = 'delete' THEN NULL ELSE after END
  FROM (SELECT
    CASE
      WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
      WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
      ELSE 'update'
    END AS action,
    json_object(
      'name', OLD.name, 'landline', OLD.landline, 'email', OLD.email, 'mobile_phone', OLD.mobile_phone,
      'customer_type', OLD.customer_type, 'company_details', OLD.company_details,
      'lead_source', OLD.lead_source, 'address', OLD.address, 'customer_industry', OLD.customer_industry,
      'follow_up_status', OLD.follow_up_status, 'principal', OLD.principal
    ) AS before,
    json_object(
      'name', NEW.name, 'landline', NEW.landline, 'email', NEW.email, 'mobile_phone', NEW.mobile_phone,
      'customer_type', NEW.customer_type, 'company_details', NEW.company_details,
      'lead_source', NEW.lead_source, 'address', NEW.address, 'customer_industry', NEW.customer_industry,
      'follow_up_status', NEW.follow_up_status, 'principal', NEW.principal
    ) AS after);
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_audit_insert` AFTER INSERT ON `follow_ups` BEGIN
  INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
  VALUES (
    CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'follow_up', NEW.id, NEW.customer_id,
    'create', NEW.changed_by, (SELECT username FROM users WHERE id = NEW.changed_by), NULL,
    json_object(
      'customer_id', NEW.customer_id, 'title', NEW.title, 'time', NEW.time, 'principal', NEW.principal,
      'content', NEW.content, 'next_time', NEW.next_time
    )
  );
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_audit_update`
AFTER UPDATE OF customer_id, title, time, principal, content, next_time ON `follow_ups`
WHEN OLD.customer_id IS NOT NEW.customer_id OR OLD.title IS NOT NEW.title OR OLD.time IS NOT NEW.time
  OR OLD.principal IS NOT NEW.principal OR OLD.content IS NOT NEW.content OR OLD.next_time IS NOT NEW.next_time
BEGIN
  INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
  VALUES (
    CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'follow_up', NEW.id, NEW.customer_id,
    'update', NEW.changed_by, (SELECT username FROM users WHERE id = NEW.changed_by),
    json_object(
      'customer_id', OLD.customer_id, 'title', OLD.title, 'time', OLD.time, 'principal', OLD.principal,
      'content', OLD.content, 'next_time', OLD.next_time
    ),
    json_object(
      'customer_id', NEW.customer_id, 'title', NEW.title, 'time', NEW.time, 'principal', NEW.principal,
      'content', NEW.content, 'next_time', NEW.next_time
    )
  );
END;
--> statement-breakpoint
-- The delete half: the API's audit row (action purge / delete) removes what it describes. The
-- customer's follow-ups go by ON DELETE CASCADE; the purge row's snapshot stands for them.
CREATE TRIGGER `audit_log_purge_customer` AFTER INSERT ON `audit_log`
WHEN NEW.object = 'customer' AND NEW.action = 'purge' BEGIN
  DELETE FROM customers WHERE id = NEW.object_id;
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_delete_follow_up` AFTER INSERT ON `audit_log`
WHEN NEW.object = 'follow_up' AND NEW.action = 'delete' BEGIN
  DELETE FROM follow_ups WHERE id = NEW.object_id;
END;
