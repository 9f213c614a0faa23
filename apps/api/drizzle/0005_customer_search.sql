-- `q=` free text: a trigram index of the searched fields of live customers. A phrase query is
-- a case-insensitive substring match (what `LIKE '%term%'` does) found through the index
-- instead of a scan of every row. Terms shorter than 3 characters have no trigram: the API
-- falls back to LIKE for them. Contentless (the text lives in `customers` only) with
-- contentless_delete, so a trigger removes a row by id without repeating its old text.
CREATE VIRTUAL TABLE `customers_fts` USING fts5(
  name, email, company_details, address, principal, phone_digits,
  content = '', contentless_delete = 1, tokenize = 'trigram'
);
--> statement-breakpoint
INSERT INTO customers_fts (rowid, name, email, company_details, address, principal, phone_digits)
SELECT id, name, email, company_details, address, principal, phone_digits FROM customers WHERE deleted_at IS NULL;
--> statement-breakpoint
-- Kept current in the statement that writes the customer (see 0001_triggers.sql for why
-- triggers). Bulk loads (CLI seed/import) drop these triggers and refill the table in one pass:
-- see apps/api/src/db/bulk-load.ts.
CREATE TRIGGER `customers_fts_insert` AFTER INSERT ON `customers` WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO customers_fts (rowid, name, email, company_details, address, principal, phone_digits)
  VALUES (NEW.id, NEW.name, NEW.email, NEW.company_details, NEW.address, NEW.principal, NEW.phone_digits);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_delete` AFTER DELETE ON `customers` WHEN OLD.deleted_at IS NULL BEGIN
  DELETE FROM customers_fts WHERE rowid = OLD.id;
END;
--> statement-breakpoint
-- Trash and restore move the row out of and back into the index; a PUT that leaves the text
-- as it was costs nothing here.
CREATE TRIGGER `customers_fts_update`
AFTER UPDATE OF name, email, company_details, address, principal, landline, mobile_phone, deleted_at ON `customers`
WHEN OLD.deleted_at IS NOT NEW.deleted_at OR OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email
  OR OLD.company_details IS NOT NEW.company_details OR OLD.address IS NOT NEW.address
  OR OLD.principal IS NOT NEW.principal OR OLD.phone_digits IS NOT NEW.phone_digits
BEGIN
  DELETE FROM customers_fts WHERE rowid = OLD.id AND OLD.deleted_at IS NULL;
  INSERT INTO customers_fts (rowid, name, email, company_details, address, principal, phone_digits)
  SELECT NEW.id, NEW.name, NEW.email, NEW.company_details, NEW.address, NEW.principal, NEW.phone_digits
  WHERE NEW.deleted_at IS NULL;
END;
