CREATE TABLE `suspended_schema` (
	`name` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`sql` text NOT NULL
);
