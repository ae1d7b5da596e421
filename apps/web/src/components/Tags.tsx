import { Tag } from 'antd';
import { dueState, formatInstant } from '../lib/dates';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';

const STATUS_COLOR: Record<string, string> = {
  active: 'processing',
  completed: 'success',
  rejected: 'error',
  withdrawn: 'default',
  cancelled: 'default',
  open: 'processing',
  done: 'success',
};

export function StatusTag({ status, task }: { status: string; task?: boolean }) {
  const { t } = useI18n();
  const key = `${task ? 'taskStatus' : 'status'}.${status}` as MessageKey;
  return <Tag color={STATUS_COLOR[status] ?? 'default'}>{t(key)}</Tag>;
}

export function DueTag({ dueAt, open = true }: { dueAt: string | null | undefined; open?: boolean }) {
  const { t, locale } = useI18n();
  const state = open ? dueState(dueAt) : 'ok';
  if (!dueAt) return <span>{t('due.none')}</span>;
  return (
    <span>
      {formatInstant(dueAt, locale)} {state === 'overdue' ? <Tag color="error">{t('due.overdue')}</Tag> : null}
      {state === 'soon' ? <Tag color="warning">{t('due.soon')}</Tag> : null}
    </span>
  );
}

export function ProcedureLabel({ procedure }: { procedure: string }) {
  const { t } = useI18n();
  return <>{t(`procedure.${procedure}` as MessageKey)}</>;
}
