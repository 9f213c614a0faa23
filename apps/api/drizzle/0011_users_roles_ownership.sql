CREATE TABLE `customer_counts_by_owner` (
	`owner_id` integer NOT NULL,
	`customer_type` text NOT NULL,
	`lead_source` text NOT NULL,
	`customer_industry` text NOT NULL,
	`follow_up_status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`owner_id`, `customer_type`, `lead_source`, `customer_industry`, `follow_up_status`)
);
--> statement-breakpoint
CREATE TABLE `due_counts_by_owner` (
	`owner_id` integer NOT NULL,
	`day` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`owner_id`, `day`)
);
--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `scope` text DEFAULT 'write' NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `owner_id` integer;--> statement-breakpoint
CREATE INDEX `customers_owner_idx` ON `customers` (`owner_id`,`created_at`,`id`,`customer_type`,`lead_source`,`customer_industry`,`follow_up_status`,`next_follow_up_at`) WHERE deleted_at IS NULL AND owner_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `customers_owner_due_idx` ON `customers` (`owner_id`,`next_follow_up_at`,`id`) WHERE deleted_at IS NULL AND owner_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `display_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `role` text DEFAULT 'viewer' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `disabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `changed_by` integer;