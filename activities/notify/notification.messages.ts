import type { TaskKind } from '../../libs/contracts';

/** Subject and body of an outgoing notification: zh-CN first, then one English line. */
export interface NotificationText {
  subject: string;
  body: string;
}

export interface TaskTextInput {
  taskId: string;
  kind: TaskKind;
  title: string;
  titleEn: string;
  caseTitle: string;
  dueAt: string | null;
  webBaseUrl: string;
}

export function taskLink(webBaseUrl: string, taskId: string): string {
  return `${webBaseUrl.replace(/\/+$/, '')}/tasks/${encodeURIComponent(taskId)}`;
}

function dueLine(dueAt: string | null): string[] {
  return dueAt ? [`办理时限 / Due: ${dueAt}`] : [];
}

export function taskOpenedText(t: TaskTextInput): NotificationText {
  const action = t.kind === 'approval' ? '审批' : '填报';
  const actionEn = t.kind === 'approval' ? 'approval' : 'input';
  return {
    subject: `【待办${action}】${t.title} — ${t.caseTitle} / New ${actionEn} task: ${t.titleEn}`,
    body: [
      `您有一项待办${action}事项：${t.title}（${t.caseTitle}）。`,
      `You have a new ${actionEn} task: ${t.titleEn} (${t.caseTitle}).`,
      ...dueLine(t.dueAt),
      `办理 / Open: ${taskLink(t.webBaseUrl, t.taskId)}`,
    ].join('\n'),
  };
}

export function taskReminderText(t: TaskTextInput): NotificationText {
  return {
    subject: `【催办】${t.title} — ${t.caseTitle} / Reminder: ${t.titleEn}`,
    body: [
      `事项“${t.title}”（${t.caseTitle}）尚未办理，请及时处理。`,
      `Reminder: the task "${t.titleEn}" (${t.caseTitle}) is still pending.`,
      ...dueLine(t.dueAt),
      `办理 / Open: ${taskLink(t.webBaseUrl, t.taskId)}`,
    ].join('\n'),
  };
}

export function taskEscalatedText(t: TaskTextInput & { level: number; fromBodyId: string | null }): NotificationText {
  return {
    subject: `【逾期上报】${t.title} — ${t.caseTitle} / Escalated (level ${t.level}): ${t.titleEn}`,
    body: [
      `事项“${t.title}”（${t.caseTitle}）已超过办理时限，现上报上级组织（第${t.level}级）。`,
      `The task "${t.titleEn}" (${t.caseTitle}) is overdue and has been escalated (level ${t.level}).`,
      ...(t.fromBodyId ? [`原承办组织 / Originally assigned to: ${t.fromBodyId}`] : []),
      ...dueLine(t.dueAt),
      `查看 / Open: ${taskLink(t.webBaseUrl, t.taskId)}`,
    ].join('\n'),
  };
}
