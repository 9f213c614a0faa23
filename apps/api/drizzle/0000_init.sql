CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_key_hash_unique` ON `api_tokens` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `customer_counts` (
	`customer_type` text NOT NULL,
	`lead_source` text NOT NULL,
	`customer_industry` text NOT NULL,
	`follow_up_status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`customer_type`, `lead_source`, `customer_industry`, `follow_up_status`)
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`landline` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`mobile_phone` text DEFAULT '' NOT NULL,
	`customer_type` text NOT NULL,
	`company_details` text DEFAULT '' NOT NULL,
	`lead_source` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`customer_industry` text NOT NULL,
	`follow_up_status` text NOT NULL,
	`principal` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_contact_at` integer,
	`next_follow_up_at` integer,
	`deleted_at` integer,
	`phone_digits` text GENERATED ALWAYS AS (replace(replace(replace(replace(replace(landline || ' ' || mobile_phone, '+', ''), '-', ''), '(', ''), ')', ''), ' ', '')) VIRTUAL
);
--> statement-breakpoint
CREATE INDEX `customers_created_idx` ON `customers` (`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_updated_idx` ON `customers` (`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_name_idx` ON `customers` (`name`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_type_idx` ON `customers` (`customer_type`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_lead_idx` ON `customers` (`lead_source`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_industry_idx` ON `customers` (`customer_industry`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_status_idx` ON `customers` (`follow_up_status`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_principal_idx` ON `customers` (`principal`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_next_follow_up_idx` ON `customers` (`next_follow_up_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_last_contact_idx` ON `customers` (`last_contact_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_deleted_idx` ON `customers` (`deleted_at`) WHERE deleted_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`title` text NOT NULL,
	`time` integer NOT NULL,
	`principal` text NOT NULL,
	`content` text NOT NULL,
	`next_time` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `follow_ups_customer_time_idx` ON `follow_ups` (`customer_id`,`time`,`id`);--> statement-breakpoint
CREATE INDEX `follow_ups_next_time_idx` ON `follow_ups` (`next_time`,`id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);