import { Inject, Injectable } from '@nestjs/common';
import { inArray } from 'drizzle-orm';
import { admissionCaseData, type Actor } from '../../../../libs/contracts';
import { AttachmentRepository, AuditRepository, RegistryRepository, users, type Database } from '../../../../libs/db';
import { API_SETTINGS, DATABASE, type ApiSettings } from '../api-settings';
import { CasesService } from '../cases/cases.service';
import { ApiError } from '../common/api-error';
import { locateDossierFont } from './dossier-font';
import { buildDossier, mergeTimeline, type DossierView } from './dossier.builder';
import { renderDossierHtml } from './dossier.html';
import { renderDossierPdf } from './dossier.pdf';
import { redactAdmissionState } from './restricted-access';

/** 纪实: reads the case (live or its SQL record), its audit trail, attachments and registry names, builds the dossier. */
@Injectable()
export class DossierService {
  constructor(
    private readonly cases: CasesService,
    private readonly audit: AuditRepository,
    private readonly attachments: AttachmentRepository,
    @Inject(DATABASE) private readonly database: Database,
    private readonly registry: RegistryRepository,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async view(actor: Actor, caseId: string): Promise<DossierView> {
    const state = await this.cases.getVisibleCase(actor, caseId);
    if (state.procedure !== 'admission') {
      throw ApiError.notFound(
        'NOT_AN_ADMISSION_CASE',
        '该事项不是发展党员事项，没有纪实',
        'Not a member-development case',
      );
    }
    const [rawAudit, rawAttachments] = await Promise.all([
      this.audit.listForCase(state.caseId),
      this.attachments.listForCase(state.caseId),
    ]);
    // RULES H-15: the political review text and evidence leave here unless the reader is cleared
    const shown = redactAdmissionState(actor, state, { audit: rawAudit, attachments: rawAttachments });
    const { audit, attachments } = shown;
    const timeline = mergeTimeline(audit, shown.state.timeline);
    const data = admissionCaseData(state);
    const personId = data.personId ?? '';
    const person = personId ? await this.registry.getPerson(personId) : null;

    const userIds = new Set<string>([state.submittedBy, ...attachments.map((a) => a.uploadedBy)]);
    for (const e of timeline) if (e.actorId) userIds.add(e.actorId);
    const orgIds = new Set<string>([state.orgId]);
    for (const t of data.transfers ?? []) {
      orgIds.add(t.fromOrgId);
      orgIds.add(t.toOrgId);
    }
    const [userNames, orgs] = await Promise.all([this.userNames([...userIds]), this.orgNames([...orgIds])]);
    return buildDossier({
      state: shown.state,
      audit,
      attachments,
      withheldAttachments: shown.withheldAttachments,
      names: { users: userNames, people: person ? { [person.id]: person.name } : {}, orgs },
      person: {
        id: personId,
        name: person?.name ?? state.title.replace(/^发展党员：/, ''),
        birthDate: person?.birthDate ?? null,
      },
      mayReadRestricted: shown.cleared,
      // the instant the dossier describes: the record's time for a closed case, so it reads the same every time
      generatedAt: state.asOf,
    });
  }

  /** Display names of the given users, in one query (IdentityRepository reads one user at a time). */
  private async userNames(ids: string[]): Promise<Record<string, string>> {
    if (ids.length === 0) return {};
    const rows = await this.database.db
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(inArray(users.id, ids));
    return Object.fromEntries(rows.map((u) => [u.id, u.displayName]));
  }

  /** Names of the given organizations, in one query. */
  private async orgNames(ids: string[]): Promise<Record<string, string>> {
    if (ids.length === 0) return {};
    const rows = await this.registry.listOrgs({ ids });
    return Object.fromEntries(rows.map((o) => [o.id, o.name]));
  }

  async html(actor: Actor, caseId: string): Promise<string> {
    return renderDossierHtml(await this.view(actor, caseId));
  }

  /** 503 DOSSIER_FONT_MISSING without a CJK font: never a PDF with empty boxes for the Chinese text. */
  async pdf(actor: Actor, caseId: string): Promise<{ bytes: Buffer; view: DossierView }> {
    const font = locateDossierFont(this.settings.dossierFontPath);
    if (!font) {
      const configured = this.settings.dossierFontPath;
      throw new ApiError(
        503,
        'DOSSIER_FONT_MISSING',
        configured
          ? `找不到DOSSIER_FONT指定的中文字体文件${configured}，无法生成PDF`
          : '服务器未安装中文字体（运行scripts/ensure-fonts.sh或设置DOSSIER_FONT），无法生成PDF',
        configured
          ? `the font file DOSSIER_FONT=${configured} is not readable; cannot render the PDF`
          : 'no CJK font installed (run scripts/ensure-fonts.sh or set DOSSIER_FONT); cannot render the PDF',
      );
    }
    const view = await this.view(actor, caseId);
    return { bytes: await renderDossierPdf(view, font), view };
  }
}
