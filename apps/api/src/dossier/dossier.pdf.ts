import PDFDocument from 'pdfkit';
import type { DossierFont } from './dossier-font';
import type { DossierView } from './dossier.builder';
import { outcomeLabel, statusLine, voteLine } from './dossier.html';

const FONT = 'cjk';

/**
 * The dossier as an A4 PDF. Every string is set in the CJK font (embedded as a subset with its Unicode map, so the
 * text can be searched and extracted); there is no fallback to a Latin-only font.
 */
export function renderDossierPdf(d: DossierView, font: DossierFont): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `发展党员纪实：${d.person.name}`, Subject: d.caseId, Creator: 'Branchflow' },
    lang: 'zh-CN',
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font.face) doc.registerFont(FONT, font.path, font.face);
  else doc.registerFont(FONT, font.path);
  doc.font(FONT);

  doc.fontSize(18).text('发展党员纪实', { align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(10.5);
  line(doc, `姓名：${d.person.name}`, d.person.birthDate ? `出生日期：${d.person.birthDate}` : '');
  line(doc, `党支部：${d.branch.name}`, `事项编号：${d.caseId}`);
  line(doc, `办理状态：${statusLine(d)}`, `党龄起算日：${d.partyStandingSince ?? '—'}`);
  line(doc, `政策版本：${d.policyVersion}`, `生成时间：${d.generatedAt}`);
  for (const t of d.transfers) {
    doc.text(
      `组织关系转接：${t.effectiveDate ?? ''} ${t.from.name} → ${t.to.name}` +
        `${t.postponeMonths ? `，推迟讨论${t.postponeMonths}个月` : ''}${t.reason ? `，${t.reason}` : ''}`,
    );
  }

  heading(doc, '关键日期');
  for (const k of d.keyDates) doc.text(`${k.label}：${k.date}`);
  heading(doc, '合规提示');
  doc.text(d.flags.length ? d.flags.map((f) => f.label).join('；') : '无');

  for (const stage of d.stages) {
    heading(doc, `第${stage.stage}阶段\u3000${stage.name}`);
    for (const step of d.steps.filter((s) => s.stage === stage.stage)) {
      doc.fontSize(11).text(`${step.number}. ${step.name}`, { continued: step.status !== 'done' });
      if (step.status !== 'done') doc.fillColor('#666').text(step.status === 'open' ? '（办理中）' : '（未进行）');
      doc.fillColor('#000').fontSize(9.5);
      for (const e of step.events.filter((x) => x.event !== 'task.reminded')) {
        const who = e.actor ? ` ${e.actor.name}` : '';
        const what = e.outcome ? ` ${outcomeLabel(e.outcome)}` : '';
        const note = e.comment ? ` ${e.comment}` : '';
        const hidden = e.restricted ? ' （审查结论限阅）' : '';
        doc.text(`    ${e.date}${who}${what}${note}${hidden}  [${e.rule}]`);
      }
      for (const v of step.votes) doc.text(`    表决：${voteLine(v)}`);
      for (const a of step.evidence) doc.text(`    证明材料：${a.fileName}（${a.contentType}，${a.sizeBytes}字节）`);
      if (step.evidenceWithheld) doc.text(`    另有${step.evidenceWithheld}份审查材料（限阅）`);
    }
  }
  doc.end();
  return done;
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.6).fontSize(13).text(text).fontSize(10.5).moveDown(0.2);
}

function line(doc: PDFKit.PDFDocument, left: string, right: string): void {
  doc.text(right ? `${left}\u3000\u3000${right}` : left);
}
