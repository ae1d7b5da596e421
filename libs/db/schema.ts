import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type {
  CaseStatus,
  MembershipStatus,
  OrgStatus,
  OrgType,
  Outcome,
  Post,
  Procedure,
  RoleName,
  TaskKind,
  TaskStatus,
  TermState,
} from '../contracts';

// Read models only: every running procedure's source of truth is its Temporal workflow (DESIGN "The one idea").
// Timestamps are timestamptz in 'string' mode; repositories normalise them to ISO-8601 before returning.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const day = (name: string) => date(name, { mode: 'string' });

/** Government departments (厅/局); each has a department party group (部门党组). */
export const departments = pgTable('departments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

/** 部门党组（党委）— deciding body attached to a department (RULES §A.2). Ids 'pg-…'. */
export const partyGroups = pgTable(
  'party_groups',
  {
    id: text('id').primaryKey(),
    departmentId: text('department_id')
      .notNull()
      .references(() => departments.id),
    name: text('name').notNull(),
  },
  (t) => [index('party_groups_department_idx').on(t.departmentId)],
);

/** 机关党组织 — the organization registry. Ids 'org-…'. */
export const organizations = pgTable(
  'organizations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    type: text('type').$type<OrgType>().notNull(),
    parentId: text('parent_id'),
    departmentId: text('department_id').references(() => departments.id),
    status: text('status').$type<OrgStatus>().notNull().default('proposed'),
    hasCommittee: boolean('has_committee').notNull().default(false),
    termStart: day('term_start'),
    termEnd: day('term_end'),
    termYears: integer('term_years'),
    /** 届次: 1 for the term the founding election started (RULES §B.2) */
    termNo: integer('term_no').notNull().default(1),
    /** approved shifted election date (提前 / 延期换届, RULES §B.3); null → the election is due at term_end */
    electionDue: day('election_due'),
    /** projection of the term clock (termClock:<orgId>); null until the clock first reports */
    termState: text('term_state').$type<TermState>(),
    /** the open term election case (election:<orgId>:<termNo>), if any */
    electionCaseId: text('election_case_id'),
    policyVersion: text('policy_version'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('organizations_parent_idx').on(t.parentId),
    index('organizations_department_idx').on(t.departmentId),
    index('organizations_term_state_idx').on(t.termState),
  ],
);

/** People known to the registry (党员 and non-members alike). Ids 'p-…'. */
export const people = pgTable('people', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  birthDate: day('birth_date'),
  email: text('email'),
  /**
   * 所在单位党组织: the basic organization serving the person's work unit, where an application belongs
   * (RULES §E step 1: wrong organization → redirect); null when not recorded (residence or mobile-worker cases).
   */
  unitOrgId: text('unit_org_id'),
});

/**
 * Membership history: one row per (person, org, status) period so that a roster "as of" any date can be computed.
 * A status change closes the current row (until = change date) and opens a new one (RULES §A.1 statuses).
 */
export const memberships = pgTable(
  'memberships',
  {
    id: serial('id').primaryKey(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    status: text('status').$type<MembershipStatus>().notNull(),
    since: day('since').notNull(),
    until: day('until'),
  },
  (t) => [index('memberships_org_idx').on(t.orgId), index('memberships_person_idx').on(t.personId)],
);

/** 书记 / 副书记 / 委员 / 组织员 held in an organization, by dates. */
export const posts = pgTable(
  'posts',
  {
    id: serial('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    post: text('post').$type<Post>().notNull(),
    since: day('since').notNull(),
    until: day('until'),
  },
  (t) => [index('posts_org_idx').on(t.orgId)],
);

/**
 * 党费欠缴 — the registry fact the lapse watch reads (RULES §F, 党章 Art. 9: not paying dues for 6 consecutive months
 * without good reason). Dues themselves are kept outside Branchflow; an administrator records the first unpaid month,
 * and settles the row when the member has paid. Settled rows stay as the history; at most one row per person is open.
 */
export const duesArrears = pgTable(
  'dues_arrears',
  {
    id: serial('id').primaryKey(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    /** the first month not paid, YYYY-MM */
    sinceMonth: text('since_month').notNull(),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    /** the day the arrears were settled (paid up), null while unpaid */
    settledOn: day('settled_on'),
    settledBy: text('settled_by'),
  },
  (t) => [
    uniqueIndex('dues_arrears_open_idx')
      .on(t.personId)
      .where(sql`${t.settledOn} IS NULL`),
    index('dues_arrears_person_idx').on(t.personId, t.recordedAt),
  ],
);

/** Login principals. Ids 'u-…'. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  personId: text('person_id').references(() => people.id),
  displayName: text('display_name').notNull(),
  email: text('email').notNull(),
});

/** Role held at a node: `at` is an org id or a party group id (see RoleGrant in libs/contracts). */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: serial('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').$type<RoleName>().notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('role_grants_user_idx').on(t.userId), index('role_grants_at_idx').on(t.at, t.role)],
);

/** Approval inbox projection; columns mirror `Task` in libs/contracts plus org_path and case_title. */
export const tasks = pgTable(
  'tasks',
  {
    taskId: text('task_id').primaryKey(),
    caseId: text('case_id').notNull(),
    procedure: text('procedure').$type<Procedure>().notNull(),
    orgId: text('org_id').notNull(),
    orgPath: text('org_path').array().notNull().default([]),
    caseTitle: text('case_title').notNull().default(''),
    step: text('step').notNull(),
    kind: text('kind').$type<TaskKind>().notNull(),
    title: text('title').notNull(),
    titleEn: text('title_en').notNull(),
    assignedBodyId: text('assigned_body_id'),
    assigneeUserIds: text('assignee_user_ids').array().notNull().default([]),
    createdAt: ts('created_at').notNull(),
    dueAt: ts('due_at'),
    status: text('status').$type<TaskStatus>().notNull().default('open'),
    outcome: text('outcome').$type<Outcome>(),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    comment: text('comment'),
    remindedAt: ts('reminded_at'),
    escalatedToBodyId: text('escalated_to_body_id'),
    escalatedAt: ts('escalated_at'),
  },
  (t) => [
    index('tasks_case_idx').on(t.caseId),
    index('tasks_body_status_idx').on(t.assignedBodyId, t.status),
    index('tasks_escalated_idx').on(t.escalatedToBodyId, t.status),
    // 0010: the inbox (named users, 已办) and subtree filters; see libs/db/migrations/0010_list_indexes.sql
    index('tasks_assignees_idx').using('gin', t.assigneeUserIds),
    index('tasks_decided_by_idx').on(t.decidedBy, t.status),
  ],
);

/** Append-only audit trail; `dedupe_key` makes activity retries idempotent. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    caseId: text('case_id').notNull(),
    procedure: text('procedure').$type<Procedure>().notNull(),
    orgId: text('org_id').notNull(),
    step: text('step').notNull(),
    event: text('event').notNull(),
    actorId: text('actor_id'),
    outcome: text('outcome'),
    comment: text('comment'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: ts('at').notNull(),
    /** hash chain (issue 8 §7, libs/db/repositories/audit-chain.ts): position in the case's chain, from 1 */
    seq: integer('seq'),
    /** SHA-256 (hex) of the previous row of the case; null on the first row */
    prevHash: text('prev_hash'),
    /** SHA-256 (hex) of this row's canonical serialization, which includes `prevHash` */
    hash: text('hash'),
  },
  (t) => [
    index('audit_events_case_idx').on(t.caseId, t.at),
    uniqueIndex('audit_events_case_seq_idx').on(t.caseId, t.seq),
    index('audit_events_unchained_idx')
      .on(t.caseId)
      .where(sql`${t.hash} is null`),
  ],
);

/** The newest link of each case's audit chain: the row appends lock, and a check that the tail was not cut off. */
export const auditChainHeads = pgTable('audit_chain_heads', {
  caseId: text('case_id').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash'),
});

/** Evidence documents attached to a case step; the bytes live in the storage backend under `storage_key`. */
/**
 * Attachment metadata (the bytes are in libs/storage). Each file belongs to exactly one owner: a case (with the RULES
 * step it documents) or an organizational-life meeting record (with its category: sign-in sheet, photo, minutes) —
 * migration 0012, CHECK attachments_one_owner.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id'),
    step: text('step'),
    /** organizational-life meeting record (orglife_records.record_id), RULES §F */
    orglifeRecordId: text('orglife_record_id'),
    /** a meeting record's attachment category (signInSheet / photo / minutes / other) */
    category: text('category'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [
    index('attachments_case_idx').on(t.caseId, t.uploadedAt),
    index('attachments_orglife_record_idx').on(t.orglifeRecordId, t.uploadedAt),
  ],
);

/**
 * One running member-development case per person (RULES §E, "one case per person"), held atomically: the API inserts
 * the person's row before it starts `admission:<orgId>:<personId>` and takes a row over only once the case it names
 * is no longer running. `token` identifies one reservation, so a take-over or release never touches another's.
 */
export const admissionReservations = pgTable('admission_reservations', {
  personId: text('person_id').primaryKey(),
  caseId: text('case_id').notNull(),
  token: text('token').notNull(),
  reservedAt: ts('reserved_at').notNull().defaultNow(),
});

/** One row per case for administrators' lists (projection of the workflow's state). */
export const caseSummaries = pgTable(
  'case_summaries',
  {
    caseId: text('case_id').primaryKey(),
    procedure: text('procedure').$type<Procedure>().notNull(),
    orgId: text('org_id').notNull(),
    orgPath: text('org_path').array().notNull().default([]),
    title: text('title').notNull(),
    status: text('status').$type<CaseStatus>().notNull(),
    stage: text('stage').notNull(),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    pendingBodyIds: text('pending_body_ids').array().notNull().default([]),
    dueAt: ts('due_at'),
    closedAt: ts('closed_at'),
    /** compliance flags raised by the workflow (e.g. talkOverdue, approvalBeyondThreeMonths), for administrators */
    flags: text('flags').array().notNull().default([]),
    /** the person a per-person case is about (member development), for lookups by person */
    personId: text('person_id'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('case_summaries_person_idx').on(t.personId),
    index('case_summaries_status_idx').on(t.status),
    index('case_summaries_procedure_idx').on(t.procedure),
    // 0010: the case list's keyset order (newest first), 我发起的, administrators' subtrees
    index('case_summaries_submitted_idx').on(t.submittedAt, t.caseId),
    index('case_summaries_submitter_idx').on(t.submittedBy, t.submittedAt, t.caseId),
    index('case_summaries_org_path_idx').using('gin', t.orgPath),
  ],
);

/**
 * The record of a case beside its summary row: what the timeline (audit_events), open tasks (tasks) and summary
 * (case_summaries) do not hold, so that every read of a case answers from SQL once the case is closed, after
 * Temporal's retention removed it, or while no worker answers a query (DESIGN "the projection is the record").
 * `data` is merged key by key from the kernel's flushes: `data_seq` keeps, per top-level key, the flush sequence
 * number that wrote it, so a late retry of an older flush never overwrites a newer value.
 */
export const caseRecords = pgTable(
  'case_records',
  {
    caseId: text('case_id').primaryKey(),
    /** the Temporal workflow of this run; several runs of one business key share it */
    workflowId: text('workflow_id').notNull(),
    /** first run id of the run's execution chain (stays across continue-as-new) */
    firstRunId: text('first_run_id').notNull(),
    policyVersion: text('policy_version').notNull(),
    closeReason: text('close_reason'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    dataSeq: jsonb('data_seq').$type<Record<string, number>>().notNull().default({}),
    /** highest flush sequence number applied */
    seq: integer('seq').notNull(),
    /** workflow time of the newest flush applied: the instant the record describes */
    asOf: ts('as_of').notNull(),
  },
  (t) => [index('case_records_workflow_idx').on(t.workflowId)],
);

/**
 * Idempotency-Key claims: one row per (user, operation, target, key), the `scope` that is also the Temporal update id.
 * `fingerprint` (SHA-256 of method, path and body) refuses the same key with another request (422
 * IDEMPOTENCY_KEY_REUSED); `response` keeps a start endpoint's answer, so a retried start returns the same case.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  scope: text('scope').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  /** the answer of a start endpoint once it succeeded; null while it runs, and for updates (Temporal answers those) */
  response: jsonb('response').$type<unknown>(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * Working-day calendar overrides (issue 10, migration 0011): an administrator's entries for the days the holiday
 * library (`chinese-days`) does not know or gets wrong — a date and whether it is a working day. An entry makes its
 * year known to the calendar (RULES §0.2 工作日).
 */
export const workingDayOverrides = pgTable('working_day_overrides', {
  date: date('date', { mode: 'string' }).primaryKey(),
  working: boolean('working').notNull(),
  note: text('note'),
  updatedBy: text('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Rate-limit counters shared by every API process on PostgreSQL (issue 8 §4, migration 0014): one row per throttler
 * key (route, tracker and limit name, hashed by @nestjs/throttler), a fixed window and a block. Times are epoch ms.
 */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    windowEndsAt: bigint('window_ends_at', { mode: 'number' }).notNull(),
    blockedUntil: bigint('blocked_until', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('rate_limit_hits_window_idx').on(t.windowEndsAt)],
);

export type NotificationChannel = 'inApp' | 'email';
/** `sending`: claimed by one delivery attempt (see `claimedAt`); a claim older than the lease may be taken over. */
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** Notification outbox: `dedupe_key` guarantees a retried activity never sends twice (DESIGN "Notifications"). */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    userId: text('user_id').notNull(),
    channel: text('channel').$type<NotificationChannel>().notNull(),
    emailTo: text('email_to'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    caseId: text('case_id'),
    taskId: text('task_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
    sentAt: ts('sent_at'),
    status: text('status').$type<NotificationStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** when the current `sending` claim was taken (database clock), so a crashed attempt's claim can expire */
    claimedAt: ts('claimed_at'),
    /** an iCalendar invitation sent with the email (organizational life notices, migration 0009) */
    ical: text('ical'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt, t.id),
    index('notifications_status_idx').on(t.channel, t.status),
  ],
);

export type DepartmentRow = typeof departments.$inferSelect;
export type PartyGroupRow = typeof partyGroups.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;
export type PersonRow = typeof people.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type PostRow = typeof posts.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type RoleGrantRow = typeof roleGrants.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type NewAuditEventRow = typeof auditEvents.$inferInsert;
export type CaseSummaryRow = typeof caseSummaries.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type AdmissionReservationRow = typeof admissionReservations.$inferSelect;
export type CaseRecordRow = typeof caseRecords.$inferSelect;
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
export type NewNotificationRow = typeof notifications.$inferInsert;

export * from './orglife.schema';
