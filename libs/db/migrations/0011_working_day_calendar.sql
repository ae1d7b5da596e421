CREATE TABLE "working_day_overrides" (
	"date" date PRIMARY KEY NOT NULL,
	"working" boolean NOT NULL,
	"note" text,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
