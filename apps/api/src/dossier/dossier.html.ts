import type { DossierEvent, DossierStep, DossierView, DossierVote } from './dossier.builder';

const STEP_STATUS: Record<DossierStep['status'], string> = { done: '已完成', open: '办理中', notReached: '未进行' };
const OUTCOMES: Record<string, string> = {
  approve: '同意',
  reject: '不同意',
  return: '退回',
  submit: '已填报',
  registered: '已登记',
  refused: '不予受理',
  passed: '通过',
  notPassed: '未通过',
  pass: '通过',
  fail: '未通过',
  full: '按期转正',
  extend: '延长预备期',
  cancel: '取消预备党员资格',
  ok: '符合',
  tooShort: '期限不足',
};

/** HTML text and attribute escaping (every value of the dossier goes through here). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The status line of the dossier's head: "进行中（E2 党组织派人谈话）". */
export function statusLine(d: Pick<DossierView, 'statusLabel' | 'stageLabel'>): string {
  return `${d.statusLabel}（${d.stageLabel}）`;
}

export function outcomeLabel(outcome: string | null): string {
  return outcome ? (OUTCOMES[outcome] ?? outcome) : '';
}

/** One line per vote with every number and the rule (RULES §E step 15). */
export function voteLine(v: DossierVote): string {
  const parts = [
    `应到会有表决权正式党员${v.entitled ?? '—'}人`,
    `实到${v.present ?? '—'}人（须≥${v.requiredPresent ?? '—'}）`,
    `赞成${v.forVotes ?? '—'}票`,
    `书面意见赞成${v.writtenOpinionsFor ?? 0}票`,
    `合计赞成${v.totalFor ?? '—'}票（须≥${v.requiredFor ?? '—'}）`,
    v.passed === null ? '' : v.passed ? '通过' : '未通过',
    v.resolution ? `决议：${outcomeLabel(v.resolution)}${v.extensionMonths ? `${v.extensionMonths}个月` : ''}` : '',
  ];
  return parts.filter(Boolean).join('，');
}

function eventCell(e: DossierEvent): string {
  const bits = [
    `<span class="d">${escapeHtml(e.date)}</span>`,
    e.actor ? `<span class="a">${escapeHtml(e.actor.name)}</span>` : '',
    e.outcome ? `<span class="o">${escapeHtml(outcomeLabel(e.outcome))}</span>` : '',
    e.comment ? `<span class="c">${escapeHtml(e.comment)}</span>` : '',
    e.restricted ? '<span class="r">（审查结论限管理员和上级党委查阅）</span>' : '',
  ];
  return `<li>${bits.filter(Boolean).join(' ')}<span class="rule">${escapeHtml(e.rule)}</span></li>`;
}

function stepRows(step: DossierStep): string {
  const events = step.events.filter((e) => e.event !== 'task.reminded');
  const votes = step.votes.map((v) => `<li class="vote">${escapeHtml(voteLine(v))}</li>`).join('');
  const evidence = step.evidence
    .map(
      (a) =>
        `<li><a href="${escapeHtml(a.downloadUrl)}">${escapeHtml(a.fileName)}</a> ` +
        `(${escapeHtml(a.contentType)}, ${a.sizeBytes} B, sha256 ${escapeHtml(a.sha256.slice(0, 12))}…, ` +
        `${escapeHtml(a.uploadedByName)} ${escapeHtml(a.uploadedAt.slice(0, 10))})</li>`,
    )
    .join('');
  const withheld = step.evidenceWithheld ? `<li>另有${step.evidenceWithheld}份审查材料（限阅）</li>` : '';
  return (
    `<tr class="${step.status}"><td>${step.number}</td>` +
    `<td>${escapeHtml(step.name)}<div class="en">${escapeHtml(step.nameEn)}</div></td>` +
    `<td>${escapeHtml(STEP_STATUS[step.status])}</td>` +
    `<td>${escapeHtml(step.date ?? '')}</td>` +
    `<td>${escapeHtml(step.actor?.name ?? '')}</td>` +
    `<td>${escapeHtml(outcomeLabel(step.outcome))}</td>` +
    `<td><ul>${events.map(eventCell).join('')}${votes}</ul></td>` +
    `<td><ul>${evidence}${withheld}</ul></td></tr>`
  );
}

/** The dossier as a printable zh-CN page (A4, no scripts, no external resources). */
export function renderDossierHtml(d: DossierView): string {
  const stages = d.stages
    .map((s) => {
      const rows = d.steps
        .filter((st) => st.stage === s.stage)
        .map(stepRows)
        .join('');
      return (
        `<h2>第${s.stage}阶段\u3000${escapeHtml(s.name)} <span class="en">${escapeHtml(s.nameEn)}</span></h2>` +
        '<table><thead><tr><th>步骤</th><th>名称</th><th>状态</th><th>日期</th><th>经办人</th><th>结果</th>' +
        `<th>记录</th><th>证明材料</th></tr></thead><tbody>${rows}</tbody></table>`
      );
    })
    .join('');
  const dates = d.keyDates
    .map((k) => `<tr><th>${escapeHtml(k.label)}</th><td>${escapeHtml(k.date)}</td></tr>`)
    .join('');
  const flags = d.flags.length
    ? `<ul class="flags">${d.flags.map((f) => `<li>${escapeHtml(f.label)}（${escapeHtml(f.code)}）</li>`).join('')}</ul>`
    : '<p>无</p>';
  const transfers = d.transfers.length
    ? `<h2>组织关系转接</h2><ul>${d.transfers
        .map(
          (t) =>
            `<li>${escapeHtml(t.effectiveDate ?? '')} ${escapeHtml(t.from.name)} → ${escapeHtml(t.to.name)}` +
            `${t.postponeMonths ? `，推迟讨论${t.postponeMonths}个月` : ''}${t.reason ? `，${escapeHtml(t.reason)}` : ''}` +
            `${t.documentNo ? `（${escapeHtml(t.documentNo)}）` : ''}</li>`,
        )
        .join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>发展党员纪实：${escapeHtml(d.person.name)}</title>
<style>
@page { size: A4; margin: 15mm; }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt; color: #000; }
h1 { text-align: center; font-size: 18pt; } h2 { font-size: 13pt; margin-top: 1.2em; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; } tr { page-break-inside: avoid; }
th, td { border: 1px solid #444; padding: 3px 5px; vertical-align: top; text-align: left; }
.en { color: #555; font-size: 8.5pt; } ul { margin: 0; padding-left: 1.1em; } .rule { color: #555; font-size: 8pt; margin-left: .4em; }
tr.notReached td { color: #888; } .vote { font-weight: bold; } .flags li { color: #a00; }
</style>
</head>
<body>
<h1>发展党员纪实</h1>
<table class="head">
<tr><th>姓名</th><td>${escapeHtml(d.person.name)}</td><th>出生日期</th><td>${escapeHtml(d.person.birthDate ?? '')}</td></tr>
<tr><th>党支部</th><td>${escapeHtml(d.branch.name)}</td><th>事项编号</th><td>${escapeHtml(d.caseId)}</td></tr>
<tr><th>办理状态</th><td>${escapeHtml(statusLine(d))}</td><th>党龄起算日</th><td>${escapeHtml(d.partyStandingSince ?? '—')}</td></tr>
<tr><th>政策版本</th><td>${escapeHtml(d.policyVersion)}</td><th>生成时间</th><td>${escapeHtml(d.generatedAt)}</td></tr>
</table>
${transfers}
<h2>关键日期</h2>
<table class="dates">${dates}</table>
<h2>合规提示</h2>
${flags}
${stages}
${d.restrictedContentHidden ? '<p class="en">政治审查结论全文仅限管理员和上级党委查阅（RULES H-15）。</p>' : ''}
</body>
</html>
`;
}
