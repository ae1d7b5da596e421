import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  DuesRepository,
  IdentityRepository,
  memberships,
  OrgLifeRepository,
  posts,
  RegistryRepository,
  users,
  type Database,
  type PlanProjection,
  type RecordInput,
  type TrainingInput,
} from '../../libs/db';
import {
  duesUnpaidMonths,
  getPolicy,
  lapseStatus,
  type LapseGround,
  type LapseLevel,
  type MemberAttendanceFact,
} from '../../libs/domain';
import { deliverPendingEmails, enqueue, resolveRecipients, type OutboxDeps } from '../notify/outbox';
import { icalInvitation } from './icalendar';

// Side effects of organizational life (RULES §F): the read models of plan and occurrences, notices (in-app and email
// with an iCalendar invitation), reminders, records with attendance and training hours, the lapse watch, the plan
// filed upward and a removal in the registry. Every one is idempotent (dedupe keys, upserts, insert-once records).

export interface OrgLifeOccurrenceRef {
  occurrenceId: string;
  kind: string;
  name: string;
  nameEn: string;
  plannedDate: string;
  periodEnd: string;
}

export interface OrgLifeTickInput {
  orgId: string;
  orgName: string;
  /** the local day the tick is for */
  on: string;
  /** workflow time */
  at: string;
  notices: OrgLifeOccurrenceRef[];
  reminders: OrgLifeOccurrenceRef[];
  missed: OrgLifeOccurrenceRef[];
  projection: PlanProjection | null;
}

export interface RecordOccurrenceInput {
  record: RecordInput;
  year: number;
  /** hours credited to each member present (a class, collective study), or null */
  creditHours: number | null;
}

export interface LapseWatchResult {
  personId: string;
  name: string;
  level: LapseLevel;
  consecutiveMonths: number;
  sinceMonth: string | null;
  /** the grounds (attendance, unpaid dues) at the warning threshold or above */
  reasons: LapseGround[];
  duesUnpaidMonths: number;
}

export interface OrgLifeActivityDeps {
  database: Database;
  outbox: OutboxDeps;
  webBaseUrl: string;
}

export function createOrgLifeActivities(deps: OrgLifeActivityDeps) {
  const { database, outbox } = deps;
  const repo = new OrgLifeRepository(database);
  const registry = new RegistryRepository(database);
  const identity = new IdentityRepository(database);
  const dues = new DuesRepository(database);
  const link = (orgId: string) => `${deps.webBaseUrl.replace(/\/+$/, '')}/org-life/${encodeURIComponent(orgId)}`;

  async function memberUserIds(orgId: string, on: string): Promise<string[]> {
    const roster = await registry.rosterAsOf(orgId, on);
    if (roster.length === 0) return [];
    const rows = await database.db
      .select({ id: users.id })
      .from(users)
      .where(
        inArray(
          users.personId,
          roster.map((m) => m.personId),
        ),
      );
    return rows.map((r) => r.id).sort();
  }

  async function secretaryUserIds(orgId: string): Promise<string[]> {
    return (await identity.usersForBody(orgId, 'submitter')).map((u) => u.id);
  }

  /** Writes the in-app and email rows (visible at once); returns the email keys, delivered after every row is in. */
  async function notify(
    userIds: string[],
    key: string,
    subject: string,
    body: string,
    ical?: string,
  ): Promise<string[]> {
    const recipients = await resolveRecipients(outbox.db, userIds);
    const { keys } = await enqueue(
      outbox,
      recipients,
      { subject, body, caseId: null, taskId: null, ical: ical ?? null },
      (userId, channel) => `${key}:${userId}:${channel}`,
    );
    return keys.filter((k) => k.endsWith(':email'));
  }

  return {
    /**
     * One wake-up of an org-life workflow: the notices of the occurrences that open (every member on the roster of
     * that day, email with an iCalendar invitation), the reminders and missed notes to the secretary, and the plan's
     * projection.
     */
    async orgLifeTick(i: OrgLifeTickInput): Promise<void> {
      if (i.projection) await repo.projectPlan(i.projection);
      const emails: string[] = [];
      if (i.notices.length > 0) {
        const members = await memberUserIds(i.orgId, i.on);
        for (const o of i.notices) {
          const subject = `【组织生活通知】${i.orgName}：${o.name}（${o.plannedDate}） / Notice: ${o.nameEn} on ${o.plannedDate}`;
          const body = [
            `${i.orgName}定于${o.plannedDate}召开${o.name}，请准时参加；不能参加的请向支部书记请假。`,
            `${i.orgName} holds its ${o.nameEn} on ${o.plannedDate}. Please attend or ask the secretary for leave.`,
            `查看 / Open: ${link(i.orgId)}`,
          ].join('\n');
          const ical = icalInvitation({
            uid: `${i.orgId}.${o.occurrenceId}@branchflow`,
            date: o.plannedDate,
            summary: `${o.name} — ${i.orgName}`,
            description: `${o.name} / ${o.nameEn}`,
            stamp: i.at,
          });
          emails.push(
            ...(await notify(
              members,
              `orgLife:${i.orgId}:${o.occurrenceId}:notice:${o.plannedDate}`,
              subject,
              body,
              ical,
            )),
          );
        }
      }
      const secretaries = i.reminders.length + i.missed.length > 0 ? await secretaryUserIds(i.orgId) : ([] as string[]);
      for (const o of i.reminders) {
        emails.push(
          ...(await notify(
            secretaries,
            `orgLife:${i.orgId}:${o.occurrenceId}:remind`,
            `【组织生活提醒】${o.name}尚未记录（本期截至${o.periodEnd}） / Reminder: ${o.nameEn} not recorded`,
            [
              `${i.orgName}的${o.name}（计划${o.plannedDate}）尚未记录，本期截至${o.periodEnd}。`,
              `${i.orgName}: the ${o.nameEn} planned for ${o.plannedDate} is not recorded yet; the period ends ${o.periodEnd}.`,
              `记录 / Record: ${link(i.orgId)}`,
            ].join('\n'),
          )),
        );
      }
      for (const o of i.missed) {
        emails.push(
          ...(await notify(
            secretaries,
            `orgLife:${i.orgId}:${o.occurrenceId}:missed`,
            `【组织生活逾期】${o.name}未按期召开 / Missed: ${o.nameEn}`,
            [
              `${i.orgName}的${o.name}（本期截至${o.periodEnd}）未按期记录，已计为未开。`,
              `${i.orgName}: the ${o.nameEn} of the period ending ${o.periodEnd} was not recorded and is marked missed.`,
            ].join('\n'),
          )),
        );
      }
      // Mail goes out once every in-app notice is in; a retry sends only what did not go out (outbox dedupe keys).
      await deliverPendingEmails(outbox, emails);
    },

    /** Stores a held occurrence once, with attendance and the hours credited to those present. */
    async recordOrgLifeOccurrence(i: RecordOccurrenceInput): Promise<void> {
      const training: TrainingInput[] =
        i.creditHours !== null && i.creditHours > 0
          ? i.record.attendance
              .filter((a) => a.status === 'present')
              .map((a) => ({
                personId: a.personId,
                orgId: i.record.orgId,
                year: i.year,
                on: i.record.heldOn,
                hours: i.creditHours!,
                source: i.record.kind === 'collectiveStudy' ? ('study' as const) : ('class' as const),
                sourceId: i.record.recordId,
                description: i.record.topic,
              }))
          : [];
      await repo.insertRecord(i.record, training);
    },

    /**
     * The monthly lapse watch of an organization (RULES §F, 党章 Art. 9): every member on its roster at `asOf`, from
     * their attendance anywhere (双重组织生活 counts both their branch and their leadership team's meetings) and the
     * registry's "dues unpaid since" fact where an administrator recorded one.
     */
    async runLapseWatch(i: { orgId: string; asOf: string; policyVersion: string }): Promise<LapseWatchResult[]> {
      const policy = getPolicy(i.policyVersion);
      const roster = await registry.rosterAsOf(i.orgId, i.asOf);
      const personIds = roster.map((m) => m.personId);
      const facts = await repo.attendanceFacts(personIds, i.asOf);
      const unpaidSince = await dues.unpaidSinceOn(personIds, i.asOf);
      const byPerson = new Map<string, MemberAttendanceFact[]>();
      for (const f of facts) {
        const list = byPerson.get(f.personId) ?? [];
        list.push({ date: f.date, status: f.status as MemberAttendanceFact['status'] });
        byPerson.set(f.personId, list);
      }
      const results = roster.map((m) => {
        const duesMonths = duesUnpaidMonths(unpaidSince.get(m.personId) ?? null, i.asOf);
        const s = lapseStatus(byPerson.get(m.personId) ?? [], i.asOf, policy, duesMonths);
        return {
          personId: m.personId,
          name: m.name,
          level: s.level,
          consecutiveMonths: s.consecutiveMonths,
          sinceMonth: s.sinceMonth,
          reasons: s.reasons,
          duesUnpaidMonths: s.duesUnpaidMonths,
        };
      });
      await repo.replaceLapseWatch(
        i.orgId,
        results.map((r) => ({
          orgId: i.orgId,
          personId: r.personId,
          level: r.level,
          consecutiveMonths: r.consecutiveMonths,
          sinceMonth: r.sinceMonth,
          reasons: r.reasons,
          duesUnpaidMonths: r.duesUnpaidMonths,
          asOf: i.asOf,
        })),
      );
      return results;
    },

    async setLapseCase(i: { orgId: string; personId: string; caseId: string }): Promise<void> {
      await repo.setLapseCase(i.orgId, i.personId, i.caseId);
    },

    /** The approved plan filed with the upper organization (its approvers are told). */
    async fileOrgLifePlan(i: { orgId: string; orgName: string; year: number; upperBodyId: string | null }) {
      if (!i.upperBodyId) return;
      const approvers = (await identity.usersForBody(i.upperBodyId, 'approver')).map((u) => u.id);
      await notify(
        approvers,
        `orgLife:${i.orgId}:${i.year}:plan-filed`,
        `【备案】${i.orgName}${i.year}年度组织生活计划 / Filed: ${i.year} organizational-life plan of ${i.orgName}`,
        [
          `${i.orgName}${i.year}年度组织生活计划已经支部委员会审定，报上级党组织备案。`,
          `The ${i.year} organizational-life plan of ${i.orgName} was approved by its committee and is filed with you.`,
          `查看 / Open: ${link(i.orgId)}`,
        ].join('\n'),
      );
    },

    /**
     * 除名 approved (RULES §F lapse watch, 党章 Art. 9): the member's membership and posts in the organization end on
     * `on`. Returns the number of membership rows closed (0 on a retry).
     */
    async removeMember(i: { orgId: string; personId: string; on: string }): Promise<number> {
      return database.db.transaction(async (tx) => {
        const closed = await tx
          .update(memberships)
          .set({ until: i.on })
          .where(and(eq(memberships.orgId, i.orgId), eq(memberships.personId, i.personId), isNull(memberships.until)))
          .returning({ id: memberships.id });
        await tx
          .update(posts)
          .set({ until: i.on })
          .where(and(eq(posts.orgId, i.orgId), eq(posts.personId, i.personId), isNull(posts.until)));
        return closed.length;
      });
    },
  };
}
