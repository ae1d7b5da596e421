import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../../libs/contracts';
import {
  IdentityRepository,
  NotificationRepository,
  OrgLifeRepository,
  RegistryRepository,
  type AppraisalFiling,
  type AppraisalRow,
} from '../../../../libs/db';
import {
  APPRAISAL_GRADES,
  appraisalFollowUp,
  appraisalFollowUpStatus,
  checkAppraisalAssessed,
  checkAppraisalComplete,
  checkGrade,
  checkImprovement,
  checkMutualAppraisal,
  DomainRuleError,
  GRADE_NAMES,
  type AppraisalGrade,
  type GradeVotes,
} from '../../../../libs/domain';
import { isAdminOver, mayReadRegistryOf } from '../auth/actor-access';
import { ApiError } from '../common/api-error';
import type { AppraisalBodyDto, AppraisalFilingBodyDto, AssessmentBodyDto, ImprovementBodyDto } from './orglife.dto';
import { OrgLifeService, type OrgLifeContext } from './orglife.service';

/**
 * 民主评议党员, the yearly appraisal of every member (RULES §F): the member's self-assessment and the mutual appraisal
 * (民主测评, votes per grade from the members present) are recorded first; the branch committee then grades each member
 * with the most-voted grade (checkGrade); once every member on the roster is graded the secretary files the results
 * with the upper organization (报上级党组织备案: a filing row its readers list, an in-app notification to its secretary
 * and approvers); a 不合格 grade gets education and a deadline to improve, after which organizational handling (组织处置)
 * is due until an improvement is recorded.
 */
@Injectable()
export class AppraisalService {
  constructor(
    private readonly orgLife: OrgLifeService,
    private readonly registry: RegistryRepository,
    private readonly repo: OrgLifeRepository,
    private readonly identity: IdentityRepository,
    private readonly notifications: NotificationRepository,
  ) {}

  private inYear(date: string, year: number, field: string, zh: string): void {
    if (Number(date.slice(0, 4)) !== year) {
      throw new ApiError(400, 'DATE_OUTSIDE_YEAR', `${zh}须在${year}年内`, `${field} must lie in ${year}`, {
        numbers: { field },
      });
    }
  }

  /** The year's results are locked once filed (409 APPRAISAL_FILED). */
  private async requireNotFiled(orgId: string, year: number): Promise<void> {
    const filing = await this.repo.getAppraisalFiling(orgId, year);
    if (filing) {
      throw new ApiError(
        409,
        'APPRAISAL_FILED',
        `${year}年度民主评议结果已于${filing.filedOn}报上级党组织备案，不能再修改`,
        `the ${year} results were filed on ${filing.filedOn}`,
        { numbers: { year, filedOn: filing.filedOn } },
      );
    }
  }

  /**
   * The self-assessment and mutual appraisal of one member (RULES §F): a member on the roster of the day, the tallies
   * fitting the members present (checkMutualAppraisal), a grade already given still the one the votes support.
   */
  async assess(actor: Actor, orgId: string, year: number, personId: string, body: AssessmentBodyDto) {
    const ctx = await this.orgLife.context(orgId);
    this.orgLife.requireSecretary(actor, orgId);
    this.inYear(body.assessedOn, year, 'assessedOn', '测评日期');
    const roster = await this.registry.rosterAsOf(orgId, body.assessedOn);
    if (!roster.some((m) => m.personId === personId)) {
      throw new ApiError(400, 'NOT_ON_ROSTER', `${personId}不在该组织名册中`, `${personId} is not on the roster`, {
        numbers: { field: 'personId' },
      });
    }
    await this.requireNotFiled(orgId, year);
    const mutual = checkMutualAppraisal(body.votes, body.present, roster.length);
    if (mutual) throw new DomainRuleError(mutual);
    const existing = await this.repo.getAppraisal(orgId, year, personId);
    if (existing?.grade) {
      const graded = checkGrade(existing.grade as AppraisalGrade, body.votes, 'votes');
      if (graded) throw new DomainRuleError(graded);
    }
    await this.repo.upsertAssessment({
      orgId,
      year,
      personId,
      selfAssessment: body.selfAssessment,
      votes: { ...body.votes },
      present: body.present,
      assessedOn: body.assessedOn,
      assessedBy: actor.userId,
    });
    return this.list(actor, orgId, year, ctx);
  }

  /**
   * 民主评议党员 grades decided by the branch committee (RULES §F): each member assessed first (their self-assessment and
   * mutual appraisal, recorded or given here), each grade the one the votes support; a 不合格 grade gets its follow-up.
   */
  async appraise(actor: Actor, orgId: string, year: number, body: AppraisalBodyDto) {
    const ctx = await this.orgLife.context(orgId);
    this.orgLife.requireSecretary(actor, orgId);
    this.inYear(body.decidedOn, year, 'decidedOn', '评议日期');
    const roster = new Set((await this.registry.rosterAsOf(orgId, body.decidedOn)).map((m) => m.personId));
    body.grades.forEach((g, i) => {
      if (!roster.has(g.personId)) {
        throw new ApiError(
          400,
          'NOT_ON_ROSTER',
          `${g.personId}不在该组织名册中`,
          `${g.personId} is not on the roster`,
          {
            numbers: { field: `grades[${i}].personId` },
          },
        );
      }
    });
    await this.requireNotFiled(orgId, year);
    const recorded = new Map((await this.repo.listAppraisals(orgId, year)).map((r) => [r.personId, r]));
    const rows = body.grades.map((g, i) => {
      const before = recorded.get(g.personId);
      const votes = g.votes ?? (before?.votes as GradeVotes | null | undefined) ?? null;
      const selfAssessment = g.selfAssessment ?? before?.selfAssessment ?? null;
      const assessed = checkAppraisalAssessed(g.personId, { selfAssessment, votes }, `grades[${i}].personId`);
      if (assessed) throw new DomainRuleError(assessed);
      const grade = checkGrade(g.grade, votes, `grades[${i}].grade`);
      if (grade) throw new DomainRuleError(grade);
      return {
        orgId,
        year,
        personId: g.personId,
        grade: g.grade,
        votes: votes ? { ...votes } : null,
        selfAssessment,
        decidedOn: body.decidedOn,
        decidedBy: actor.userId,
        followUp: appraisalFollowUp(g.grade, body.decidedOn, ctx.policy) as Record<string, unknown> | null,
      };
    });
    await this.repo.upsertAppraisals(rows);
    return this.list(actor, orgId, year, ctx);
  }

  /** The year's appraisal: each member's assessment, grade and follow-up, who is still ungraded, and the filing. */
  async appraisals(actor: Actor, orgId: string, year: number) {
    const ctx = await this.orgLife.context(orgId);
    await this.orgLife.requireReader(actor, ctx);
    return this.list(actor, orgId, year, ctx);
  }

  private async list(_actor: Actor, orgId: string, year: number, ctx: OrgLifeContext) {
    const today = this.orgLife.today(ctx.policy);
    const [rows, roster, filing] = await Promise.all([
      this.repo.listAppraisals(orgId, year),
      this.registry.rosterAsOf(orgId, this.orgLife.asOfInYear(ctx.policy, year)),
      this.repo.getAppraisalFiling(orgId, year),
    ]);
    const graded = new Set(rows.filter((r) => r.grade !== null).map((r) => r.personId));
    return {
      orgId,
      year,
      members: roster.length,
      ungraded: roster.map((m) => m.personId).filter((id) => !graded.has(id)),
      filing: filing ? this.filingView(filing, ctx.org.name) : null,
      items: rows.map((r) => this.itemView(r, today)),
    };
  }

  private itemView(r: AppraisalRow, today: string) {
    return {
      personId: r.personId,
      grade: r.grade,
      votes: r.votes ?? null,
      present: r.present ?? null,
      selfAssessment: r.selfAssessment ?? null,
      assessedOn: r.assessedOn ?? null,
      decidedOn: r.decidedOn ?? null,
      decidedBy: r.decidedBy ?? null,
      followUp: r.followUp ?? null,
      followUpStatus: appraisalFollowUpStatus(r.followUp, r.improvedOn, today),
      improvedOn: r.improvedOn ?? null,
      improvementNote: r.improvementNote ?? null,
    };
  }

  private filingView(f: AppraisalFiling, orgName: string) {
    return { ...f, orgName, note: f.note ?? null };
  }

  /**
   * Files the year's results with the upper organization (报上级党组织备案, RULES §F): every member on the roster (today
   * in the year, else its last day) graded, else 422 APPRAISAL_INCOMPLETE with the numbers. The upper organization's
   * secretary and approvers get an in-app notification; its readers list the filing. Filing twice answers the filing.
   */
  async file(actor: Actor, orgId: string, year: number, body: AppraisalFilingBodyDto) {
    const ctx = await this.orgLife.context(orgId);
    this.orgLife.requireSecretary(actor, orgId);
    const today = this.orgLife.today(ctx.policy);
    if (Number(today.slice(0, 4)) < year) {
      throw new ApiError(400, 'DATE_OUTSIDE_YEAR', `${year}年度尚未开始`, `${year} has not begun`, {
        numbers: { field: 'year' },
      });
    }
    const existing = await this.repo.getAppraisalFiling(orgId, year);
    if (existing) return this.filingView(existing, ctx.org.name);
    const [rows, roster] = await Promise.all([
      this.repo.listAppraisals(orgId, year),
      this.registry.rosterAsOf(orgId, this.orgLife.asOfInYear(ctx.policy, year)),
    ]);
    const gradeOf = new Map(rows.filter((r) => r.grade !== null).map((r) => [r.personId, r.grade!]));
    const memberIds = roster.map((m) => m.personId);
    const incomplete = checkAppraisalComplete(memberIds, new Set(gradeOf.keys()));
    if (incomplete) throw new DomainRuleError(incomplete);
    const gradeCounts = Object.fromEntries(
      APPRAISAL_GRADES.map((g) => [g, memberIds.filter((id) => gradeOf.get(id) === g).length]),
    );
    const { filing, created } = await this.repo.fileAppraisals({
      orgId,
      year,
      upperOrgId: ctx.org.parentId,
      filedOn: today,
      filedBy: actor.userId,
      members: memberIds.length,
      gradeCounts,
      note: body.note ? body.note : null,
    });
    if (created && filing.upperOrgId) await this.notifyUpper(filing, ctx.org.name);
    return this.filingView(filing, ctx.org.name);
  }

  private async notifyUpper(filing: AppraisalFiling, orgName: string): Promise<void> {
    const upper = filing.upperOrgId!;
    const users = [
      ...(await this.identity.usersForBody(upper, 'submitter')),
      ...(await this.identity.usersForBody(upper, 'approver')),
    ];
    const counts = APPRAISAL_GRADES.map((g) => `${GRADE_NAMES[g].zh}${filing.gradeCounts[g] ?? 0}`).join('、');
    const countsEn = APPRAISAL_GRADES.map((g) => `${GRADE_NAMES[g].en} ${filing.gradeCounts[g] ?? 0}`).join(', ');
    for (const userId of new Set(users.map((u) => u.id))) {
      await this.notifications.enqueue({
        dedupeKey: `appraisalFiling:${filing.orgId}:${filing.year}:${userId}:inApp`,
        userId,
        channel: 'inApp',
        subject: `【备案】${orgName}${filing.year}年度民主评议党员结果 / Filed: ${filing.year} member appraisal of ${orgName}`,
        body: [
          `${orgName}${filing.year}年度民主评议党员已完成，${filing.members}名党员：${counts}。报上级党组织备案。`,
          `The ${filing.year} democratic appraisal of ${orgName} is complete, ${filing.members} members: ${countsEn}.`,
          filing.note ? `附言 / Note: ${filing.note}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      });
    }
  }

  /** Filings of a year received by an organization from those below it (its readers and administrators). */
  async filingsTo(actor: Actor, upperOrgId: string, year: number) {
    const ctx = await this.orgLife.context(upperOrgId);
    if (!mayReadRegistryOf(actor, ctx.orgPath) && !isAdminOver(actor, ctx.orgPath)) {
      throw ApiError.forbidden(
        'ORG_LIFE_NOT_VISIBLE',
        '无权查看报送该组织的备案',
        'You may not read the filings sent to this organization',
      );
    }
    const filings = await this.repo.filingsTo(upperOrgId, year);
    const names = new Map(
      (await this.registry.listOrgs({ ids: filings.map((f) => f.orgId) })).map((o) => [o.id, o.name]),
    );
    return {
      upperOrgId,
      year,
      items: filings.map((f) => this.filingView(f, names.get(f.orgId) ?? f.orgId)),
    };
  }

  /** Records the improvement of a 不合格 member (RULES §F), closing the follow-up (checkImprovement). */
  async recordImprovement(actor: Actor, orgId: string, year: number, personId: string, body: ImprovementBodyDto) {
    const ctx = await this.orgLife.context(orgId);
    this.orgLife.requireSecretary(actor, orgId);
    const row = await this.repo.getAppraisal(orgId, year, personId);
    if (!row) {
      throw ApiError.notFound(
        'APPRAISAL_NOT_FOUND',
        `${personId}在${year}年度没有民主评议记录`,
        `no ${year} appraisal of ${personId}`,
      );
    }
    const refused = checkImprovement(row, body.improvedOn, this.orgLife.today(ctx.policy));
    if (refused) throw new DomainRuleError(refused);
    await this.repo.recordImprovement({ orgId, year, personId }, body.improvedOn, body.note || null, actor.userId);
    return this.list(actor, orgId, year, ctx);
  }

  /**
   * The organization's open 不合格 follow-ups of every year (RULES §F): improving until improveBy, then organizational
   * handling (组织处置) due — what the secretary must act on.
   */
  async followUps(actor: Actor, orgId: string) {
    const ctx = await this.orgLife.context(orgId);
    await this.orgLife.requireReader(actor, ctx);
    const today = this.orgLife.today(ctx.policy);
    const rows = await this.repo.openFollowUps([orgId]);
    const people = await this.registry.rosterAsOf(
      rows.map((r) => r.personId),
      today,
    );
    const names = new Map(people.map((p) => [p.personId, p.name]));
    return {
      orgId,
      asOf: today,
      items: rows.flatMap((r) => {
        const status = appraisalFollowUpStatus(r.followUp, r.improvedOn, today);
        if (status !== 'improving' && status !== 'handlingDue') return [];
        return [
          {
            orgId: r.orgId,
            year: r.year,
            personId: r.personId,
            name: names.get(r.personId) ?? r.personId,
            decidedOn: r.decidedOn ?? null,
            improveBy: String(r.followUp!.improveBy),
            status,
          },
        ];
      }),
    };
  }
}
