import { execFileSync } from 'node:child_process';
import { ApiError } from '../../../apps/api/src/common/api-error';
import { toErrorBody } from '../../../apps/api/src/common/error-mapping';
import { firstFaceName, locateDossierFont } from '../../../apps/api/src/dossier/dossier-font';
import { buildDossier } from '../../../apps/api/src/dossier/dossier.builder';
import { renderDossierPdf } from '../../../apps/api/src/dossier/dossier.pdf';
import { DossierService } from '../../../apps/api/src/dossier/dossier.service';
import type { ApiSettings } from '../../../apps/api/src/api-settings';
import { dossierInput } from './dossier-fixture';

jest.setTimeout(60_000);

/** Text of a PDF through poppler's pdftotext (installed with the CJK font by scripts/ensure-fonts.sh). */
function pdfText(pdf: Buffer): string {
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
  } catch (err) {
    throw new Error(`pdftotext failed (${String(err)}); run scripts/ensure-fonts.sh (installs poppler-utils)`);
  }
}

describe('dossier PDF with Chinese text', () => {
  it('finds a CJK font (run scripts/ensure-fonts.sh if this fails) and names the face inside a collection', () => {
    const font = locateDossierFont(undefined);
    expect(font).not.toBeNull();
    if (font!.path.endsWith('wqy-microhei.ttc')) expect(font!.face).toBe('WenQuanYiMicroHei');
    if (font!.path.endsWith('.ttc')) expect(firstFaceName(font!.path)).toEqual(expect.any(String));
  });

  it('renders the person, the branch meeting and the votes as extractable Chinese text', async () => {
    const view = buildDossier(dossierInput(false));
    const pdf = await renderDossierPdf(view, locateDossierFont(undefined)!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf).replace(/[ \t]+/g, ' ');
    expect(text).toContain('发展党员纪实');
    expect(text).toContain('办理状态：进行中（E21 继续教育考察）');
    expect(text).toContain('周明辉');
    expect(text).toContain('支部大会讨论');
    expect(text).toContain('国库处党支部');
    expect(text).toContain('支部大会会议记录.pdf');
    expect(text).toMatch(/合计赞成9票（须≥9）/);
    expect(text).toContain('谈话逾期');
    // H-15: the reader was not cleared, so the review text is not in the file
    expect(text).not.toContain('直系亲属');
  });

  it('answers 503 DOSSIER_FONT_MISSING, naming DOSSIER_FONT, when the configured font is not there', async () => {
    expect(locateDossierFont('/nonexistent/font.ttc')).toBeNull();
    expect(locateDossierFont(undefined, ['/nonexistent/a.ttc'])).toBeNull();
    const settings = { dossierFontPath: '/nonexistent/font.ttc' } as ApiSettings;
    // the font is checked before anything is read: no case, database or Temporal needed for this answer
    const unused = null as never;
    const service = new DossierService(unused, unused, unused, unused, unused, settings);
    const actor = { userId: 'u-admin', displayName: 'a', roles: [], adminOrgIds: [] };
    const error = await service.pdf(actor, 'admission:x:y').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const body = toErrorBody(error);
    expect(body).toMatchObject({ statusCode: 503, code: 'DOSSIER_FONT_MISSING' });
    expect(body.messageEn).toContain('DOSSIER_FONT=/nonexistent/font.ttc');
  });
});
