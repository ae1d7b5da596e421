import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Actor } from '../../../../libs/contracts';
import {
  OrgLifeRepository,
  RegistryRepository,
  type ComplianceOccurrenceRow,
  type PageRequest,
} from '../../../../libs/db';
import {
  appraisalFollowUpStatus,
  complianceFigures,
  getPolicy,
  localDate,
  occurrenceKindInfo,
  isTrainingLeader,
  trainingHoursStatus,
  type OccurrenceKind,
  type OccurrenceStatus,
} from '../../../../libs/domain';
import { hasRoleAt, isAnyAdmin } from '../auth/actor-access';
import { ApiError } from '../common/api-error';
import { policyOf } from '../terms/org-case.context';
import type { ComplianceRow } from './orglife.dto';

const PLANNED_TYPES = new Set(['organCommittee', 'generalBranch', 'branch', 'jointBranch', 'temporaryBranch']);
const STATUS_ZH: Record<string, string> = { planned: '待开', open: '已通知', held: '已开', missed: '未开' };

export interface ComplianceQuery {
  year?: number;
  orgId?: string;
  behind?: boolean;
}

/**
 * What administrators see (RULES §F, issue 11): per organization and year, meetings held against the plan, missed
 * occurrences, average attendance, members on the lapse watch, training hours short and appraisal done; the organs'
 * ranking by completion (lowest first), and the ledger (台账) as an Excel workbook.
 */
@Injectable()
export class OrgLifeComplianceService {
  constructor(
    private readonly registry: RegistryRepository,
    private readonly repo: OrgLifeRepository,
  ) {}

  /** Organizations an administrator sees (the subtree of `orgId` when given). */
  private async scope(actor: Actor, orgId?: string): Promise<string[]> {
    if (!isAnyAdmin(actor)) {
      throw ApiError.forbidden('NOT_ADMIN', '只有管理员可以查看组织生活合规情况', 'Only administrators see compliance');
    }
    const visible = new Set(actor.adminOrgIds);
    if (orgId === undefined) return [...visible];
    if (!visible.has(orgId)) {
      throw ApiError.forbidden(
        'ORG_NOT_ADMINISTERED',
        '该组织不在您的管理范围内',
        'The organization is outside your scope',
      );
    }
    return [orgId, ...(await this.registry.descendantsOf(orgId))].filter((id) => visible.has(id));
  }

  async list(actor: Actor, query: ComplianceQuery): Promise<{ year: number; asOf: string; items: ComplianceRow[] }> {
    const ids = await this.scope(actor, query.orgId);
    const { year, asOf, items } = await this.compute(ids, query.year);
    return { year, asOf, items: query.behind === undefined ? items : items.filter((i) => i.behind === query.behind) };
  }

  /** One page of the lapse watch of the administrator's organizations, or of the secretary's own organization. */
  async lapseWatch(actor: Actor, orgId?: string, page: PageRequest = {}) {
    const ids =
      orgId !== undefined && hasRoleAt(actor, 'submitter', orgId) && !actor.adminOrgIds.includes(orgId)
        ? [orgId]
        : await this.scope(actor, orgId);
    const { items: rows, nextCursor } = await this.repo.pageLapseWatch(ids, page);
    const orgs = new Map(
      (await this.registry.listOrgs({ ids: [...new Set(rows.map((r) => r.orgId))] })).map((o) => [o.id, o]),
    );
    const people = await this.registry.rosterAsOf(
      [...new Set(rows.map((r) => r.personId))],
      localDate(new Date().toISOString(), getPolicy()),
    );
    const names = new Map(people.map((p) => [p.personId, p.name]));
    return {
      items: rows.map((r) => ({
        orgId: r.orgId,
        orgName: orgs.get(r.orgId)?.name ?? r.orgId,
        personId: r.personId,
        name: names.get(r.personId) ?? r.personId,
        level: r.level as 'warned' | 'flagged',
        consecutiveMonths: r.consecutiveMonths,
        sinceMonth: r.sinceMonth,
        reasons: r.reasons as ('attendance' | 'dues')[],
        duesUnpaidMonths: r.duesUnpaidMonths,
        asOf: r.asOf,
        caseId: r.caseId ?? null,
      })),
      nextCursor,
    };
  }

  private async compute(ids: string[], requestedYear?: number, ledger = false) {
    const policy = getPolicy();
    const today = localDate(new Date().toISOString(), policy);
    const year = requestedYear ?? Number(today.slice(0, 4));
    const asOf = today < `${year}-12-31` ? (today < `${year}-01-01` ? `${year}-01-01` : today) : `${year}-12-31`;
    const orgs = (await this.registry.listOrgs({ status: 'active', ids })).filter((o) => PLANNED_TYPES.has(o.type));
    const orgIds = orgs.map((o) => o.id);
    const [rows, plans, lapse, appraised, training, filed, followUps] = await Promise.all([
      ledger ? this.repo.complianceRows(orgIds, year) : this.repo.complianceFacts(orgIds, year),
      this.repo.plannedOrgs(orgIds, year),
      this.repo.listLapseWatch(orgIds),
      this.repo.appraisedOrgs(orgIds, year),
      this.repo.trainingByMember(orgIds, year, asOf),
      this.repo.filedOrgs(orgIds, year),
      this.repo.openFollowUps(orgIds),
    ]);
    // RULES §F 民主评议党员: 不合格 members past their deadline to improve, of any year, as of today
    const handlingDue = new Map<string, number>();
    for (const f of followUps) {
      if (appraisalFollowUpStatus(f.followUp, f.improvedOn, today) === 'handlingDue') {
        handlingDue.set(f.orgId, (handlingDue.get(f.orgId) ?? 0) + 1);
      }
    }
    const rowsBy = groupBy(rows, (r) => r.orgId);
    const lapseBy = groupBy(lapse, (r) => r.orgId);
    const trainingBy = groupBy(training, (r) => r.orgId);
    const items: ComplianceRow[] = orgs.map((org) => {
      const orgPolicy = policyOf(org);
      const occ = rowsBy.get(org.id) ?? [];
      const figures = complianceFigures(
        {
          occurrences: occ.map((r) => ({
            kind: r.kind as OccurrenceKind,
            status: r.status as OccurrenceStatus,
            periodEnd: r.periodEnd,
            attendanceRate: r.status === 'held' && r.expected ? (r.present ?? 0) / r.expected : null,
            bySecretary: r.teacherIsSecretary,
          })),
          asOf,
          lapseWarned: (lapseBy.get(org.id) ?? []).filter((l) => l.level === 'warned').length,
          lapseFlagged: (lapseBy.get(org.id) ?? []).filter((l) => l.level === 'flagged').length,
          trainingShort: (trainingBy.get(org.id) ?? []).filter(
            (t) => !trainingHoursStatus(t.hours, isTrainingLeader(t.posts), orgPolicy).met,
          ).length,
          appraisalDone: appraised.has(org.id),
          appraisalFiled: filed.has(org.id),
          appraisalHandlingDue: handlingDue.get(org.id) ?? 0,
        },
        orgPolicy,
      );
      const { byKind: _byKind, ...rest } = figures;
      void _byKind;
      return {
        orgId: org.id,
        orgName: org.name,
        orgType: org.type,
        parentId: org.parentId,
        planStatus: plans.get(org.id) ?? 'none',
        ...rest,
        behind: rest.behind || !plans.has(org.id),
        months: months(occ, year),
      };
    });
    items.sort(
      (a, b) => a.completionRate - b.completionRate || b.missed - a.missed || a.orgName.localeCompare(b.orgName),
    );
    return { year, asOf, items, rows, orgs };
  }

  /** The ledger (台账) as an Excel workbook: the compliance summary, and every occurrence with its record. */
  async workbook(actor: Actor, query: ComplianceQuery): Promise<{ bytes: Buffer; year: number }> {
    const ids = await this.scope(actor, query.orgId);
    const { year, asOf, items, rows, orgs } = await this.compute(ids, query.year, true);
    const policy = getPolicy();
    const book = new ExcelJS.Workbook();
    book.creator = 'Branchflow';
    book.created = new Date(`${asOf}T00:00:00Z`);
    const summary = book.addWorksheet('合规汇总 Compliance');
    summary.columns = [
      { header: '党组织 Organization', key: 'orgName', width: 32 },
      { header: '计划状态 Plan', key: 'planStatus', width: 12 },
      { header: '计划 Planned', key: 'planned', width: 10 },
      { header: '应开 Due', key: 'due', width: 10 },
      { header: '已开 Held', key: 'held', width: 10 },
      { header: '未开 Missed', key: 'missed', width: 10 },
      { header: '完成率 Completion', key: 'completionRate', width: 14, style: { numFmt: '0.0%' } },
      { header: '平均出席率 Attendance', key: 'averageAttendance', width: 16, style: { numFmt: '0.0%' } },
      { header: '党课 Classes', key: 'partyClassesHeld', width: 10 },
      { header: '书记讲党课 Secretary class', key: 'secretaryClassHeld', width: 16 },
      { header: '预警 Warned', key: 'lapseWarned', width: 10 },
      { header: '标记 Flagged', key: 'lapseFlagged', width: 10 },
      { header: '学时不足 Training short', key: 'trainingShort', width: 16 },
      { header: '民主评议 Appraisal', key: 'appraisalDone', width: 12 },
      { header: '评议备案 Filed', key: 'appraisalFiled', width: 12 },
      { header: '待组织处置 Handling due', key: 'appraisalHandlingDue', width: 16 },
    ];
    for (const item of items) {
      summary.addRow({
        ...item,
        secretaryClassHeld: item.secretaryClassHeld ? '是' : '否',
        appraisalDone: item.appraisalDone ? '已完成' : '未完成',
        appraisalFiled: item.appraisalFiled ? '已备案' : '未备案',
      });
    }
    summary.getRow(1).font = { bold: true };
    summary.views = [{ state: 'frozen', ySplit: 1 }];
    const ledger = book.addWorksheet('台账 Ledger');
    ledger.columns = [
      { header: '党组织 Organization', key: 'orgName', width: 32 },
      { header: '事项 Item', key: 'name', width: 18 },
      { header: '编号 Id', key: 'occurrenceId', width: 26 },
      { header: '计划日期 Planned', key: 'plannedDate', width: 12 },
      { header: '期限 Period end', key: 'periodEnd', width: 12 },
      { header: '状态 Status', key: 'status', width: 10 },
      { header: '召开日期 Held on', key: 'heldOn', width: 12 },
      { header: '应到 Expected', key: 'expected', width: 10 },
      { header: '实到 Present', key: 'present', width: 10 },
    ];
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    for (const r of rows) {
      ledger.addRow({
        orgName: names.get(r.orgId) ?? r.orgId,
        name: occurrenceKindInfo(r.kind as OccurrenceKind, policy).name,
        occurrenceId: r.occurrenceId,
        plannedDate: r.plannedDate,
        periodEnd: r.periodEnd,
        status: STATUS_ZH[r.status] ?? r.status,
        heldOn: r.heldOn ?? '',
        expected: r.expected ?? '',
        present: r.present ?? '',
      });
    }
    ledger.getRow(1).font = { bold: true };
    ledger.views = [{ state: 'frozen', ySplit: 1 }];
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    return { bytes, year };
  }
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const bucket = out.get(k);
    if (bucket) bucket.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function months(rows: readonly ComplianceOccurrenceRow[], year: number) {
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`;
    const inMonth = rows.filter((r) => r.plannedDate.startsWith(month));
    return {
      month,
      planned: inMonth.length,
      held: inMonth.filter((r) => r.status === 'held').length,
      missed: inMonth.filter((r) => r.status === 'missed').length,
    };
  });
}
