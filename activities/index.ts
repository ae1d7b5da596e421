import type { Client } from '@temporalio/client';
import { CaseRecordRepository, type Database } from '../libs/db';
import { createAdmissionActivities } from './admission/admission.activities';
import { createAuditActivities } from './audit/audit.activities';
import { createCalendarActivities } from './calendar/calendar.activities';
import { createInboxActivities } from './inbox/inbox.activities';
import type { MailSender } from './notify/mail-sender';
import { createNotifyActivities } from './notify/notify.activities';
import { createOrgLifeActivities } from './orglife/orglife.activities';
import { createProjectionActivities, type ProjectionWriters } from './projection/projection.activities';
import { createRegistryActivities } from './registry/registry.activities';
import { withPermanentFailures } from './support/permanent-failure';
import { createTermActivities } from './term/term.activities';

export type { MailMessage, MailSender } from './notify/mail-sender';
export { createSmtpMailSender, toMessageIdHeader } from './notify/smtp-mail-sender';
export type {
  ActivateOrganizationInput,
  RegisterProposedOrganizationInput,
  RosterEntry,
} from './registry/registry.activities';
export type {
  CloseTaskInput,
  EscalateTaskInput,
  OpenTaskInput,
  UpsertCaseSummaryInput,
} from './inbox/inbox.activities';
export type { RecordAuditInput } from './audit/audit.activities';
export type { LoadWorkingDayCalendarInput } from './calendar/calendar.activities';
export type { NotifyUsersInput } from './notify/notify.activities';
export type { ProjectionBatch } from './projection/projection.activities';
export type { LapseWatchResult, OrgLifeOccurrenceRef, OrgLifeTickInput } from './orglife/orglife.activities';
export type {
  ElectedPost,
  EndPostsInput,
  FillPostsInput,
  OrgRosterEntry,
  RecordTermStateInput,
  StartNewTermInput,
  UsersForBodiesInput,
} from './term/term.activities';
export { startTermClockWorkflow, termClockInputFor } from './term/term-clock.starter';
export type { TermClockInputOutcome } from './term/term-clock.starter';

export interface ActivityDeps {
  database: Database;
  /** null → email rows stay pending in the outbox (and are logged) */
  mailer: MailSender | null;
  mailFrom: string;
  /** base URL of the web client, used for links in notifications */
  webBaseUrl: string;
  /** client on the worker's connection: startTermClock starts `termClock:<orgId>` with it */
  temporalClient?: Client;
  /** task queue for workflows the activities start (default TASK_QUEUE) */
  taskQueue?: string;
  /** outbox claim lease for email delivery (default 2 minutes) */
  mailClaimLeaseMs?: number;
}

/** Every side effect the workflows may schedule; workflows import only `type Activities` from here. */
export function createActivities(deps: ActivityDeps) {
  const { database, mailer } = deps;
  const outbox = { db: database.db, mailer };
  const { projectOpenTask: _projectOpenTask, ...inbox } = createInboxActivities({
    database,
    mailer,
    webBaseUrl: deps.webBaseUrl,
  });
  const audit = createAuditActivities(database);
  return withPermanentFailures({
    ...createRegistryActivities(database),
    ...createAdmissionActivities(database),
    ...createCalendarActivities(database),
    ...createTermActivities({ database, temporalClient: deps.temporalClient, taskQueue: deps.taskQueue }),
    ...inbox,
    ...audit,
    ...createNotifyActivities(outbox),
    ...createOrgLifeActivities({ database, outbox, webBaseUrl: deps.webBaseUrl }),
    ...createProjectionActivities({
      outbox,
      leaseMs: deps.mailClaimLeaseMs,
      inTransaction: (work) => database.db.transaction((tx) => work(projectionWriters({ ...database, db: tx }, deps))),
    }),
  });
}

/** The projection's writers over `database` (a transaction's handle when the batch runs in one). */
function projectionWriters(database: Database, deps: ActivityDeps): ProjectionWriters {
  const { projectOpenTask, closeTask, upsertCaseSummary } = createInboxActivities({
    database,
    mailer: deps.mailer,
    webBaseUrl: deps.webBaseUrl,
  });
  const records = new CaseRecordRepository(database);
  return {
    projectOpenTask,
    closeTask,
    upsertCaseSummary,
    recordAudit: createAuditActivities(database).recordAudit,
    applyCaseRecord: (patch) => records.apply(patch),
  };
}

export type Activities = ReturnType<typeof createActivities>;
