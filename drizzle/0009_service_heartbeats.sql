CREATE TABLE "service_heartbeats" (
	"name" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp (3) with time zone,
	"failed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "service_heartbeats_kind_idx" ON "service_heartbeats" USING btree ("kind","at");