CREATE TABLE "admission_reservations" (
	"person_id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"token" text NOT NULL,
	"reserved_at" timestamp with time zone DEFAULT now() NOT NULL
);
