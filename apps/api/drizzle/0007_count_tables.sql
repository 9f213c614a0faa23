CREATE TABLE `customer_counts_by_principal` (
	`principal` text NOT NULL,
	`customer_type` text NOT NULL,
	`lead_source` text NOT NULL,
	`customer_industry` text NOT NULL,
	`follow_up_status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`principal`, `customer_type`, `lead_source`, `customer_industry`, `follow_up_status`)
);
--> statement-breakpoint
CREATE TABLE `due_counts` (
	`day` integer PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `due_counts_by_principal` (
	`principal` text NOT NULL,
	`day` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`principal`, `day`)
);
