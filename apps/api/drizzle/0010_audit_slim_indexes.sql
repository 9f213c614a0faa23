DROP INDEX `audit_log_object_idx`;--> statement-breakpoint
DROP INDEX `audit_log_at_idx`;--> statement-breakpoint
CREATE INDEX `audit_log_follow_up_idx` ON `audit_log` (`object_id`,`id`) WHERE object = 'follow_up';