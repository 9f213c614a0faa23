CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`object` text NOT NULL,
	`object_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`action` text NOT NULL,
	`user_id` integer,
	`username` text,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_object_idx` ON `audit_log` (`object`,`object_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_customer_idx` ON `audit_log` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`address` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_username_idx` ON `login_failures` (`username`,`at`);--> statement-breakpoint
CREATE INDEX `login_failures_address_idx` ON `login_failures` (`address`,`at`);--> statement-breakpoint
CREATE INDEX `login_failures_at_idx` ON `login_failures` (`at`);--> statement-breakpoint
ALTER TABLE `customers` ADD `changed_by` integer;--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `changed_by` integer;