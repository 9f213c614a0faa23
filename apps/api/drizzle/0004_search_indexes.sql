DROP INDEX `customers_created_idx`;--> statement-breakpoint
DROP INDEX `customers_type_idx`;--> statement-breakpoint
DROP INDEX `customers_lead_idx`;--> statement-breakpoint
DROP INDEX `customers_industry_idx`;--> statement-breakpoint
DROP INDEX `customers_status_idx`;--> statement-breakpoint
DROP INDEX `customers_principal_idx`;--> statement-breakpoint
CREATE INDEX `customers_principal_due_idx` ON `customers` (`principal`,`next_follow_up_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_created_idx` ON `customers` (`created_at`,`id`,`customer_type`,`lead_source`,`customer_industry`,`follow_up_status`,`next_follow_up_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_type_idx` ON `customers` (`customer_type`,`created_at`,`id`,`lead_source`,`customer_industry`,`follow_up_status`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_lead_idx` ON `customers` (`lead_source`,`created_at`,`id`,`customer_type`,`customer_industry`,`follow_up_status`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_industry_idx` ON `customers` (`customer_industry`,`created_at`,`id`,`customer_type`,`lead_source`,`follow_up_status`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_status_idx` ON `customers` (`follow_up_status`,`created_at`,`id`,`customer_type`,`lead_source`,`customer_industry`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `customers_principal_idx` ON `customers` (`principal`,`created_at`,`id`,`customer_type`,`lead_source`,`customer_industry`,`follow_up_status`,`next_follow_up_at`) WHERE deleted_at IS NULL;