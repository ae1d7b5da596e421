import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Locale } from '../i18n/locale-state';

dayjs.extend(utc);
dayjs.extend(timezone);

const ZONE = 'Asia/Shanghai';

/** A calendar date (YYYY-MM-DD, never through `new Date()`): 2026年1月5日 in Chinese, 2026-01-05 in English. */
export function formatDate(isoDate: string | null | undefined, locale: Locale): string {
  if (!isoDate) return '—';
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  if (!y || !m || !d) return isoDate;
  return locale === 'zh-CN' ? `${y}年${Number(m)}月${Number(d)}日` : `${y}-${m}-${d}`;
}

/** An instant in China's time zone: 2026年1月5日 14:30. */
export function formatInstant(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  const t = dayjs(iso).tz(ZONE);
  return locale === 'zh-CN' ? t.format('YYYY年M月D日 HH:mm') : t.format('YYYY-MM-DD HH:mm');
}

/** Today on China's calendar (YYYY-MM-DD). */
export function todayInChina(): string {
  return dayjs().tz(ZONE).format('YYYY-MM-DD');
}

export type DueState = 'overdue' | 'soon' | 'ok' | 'none';

/** How a due date stands now (48 hours, the inbox's own "due soon" window). */
export function dueState(dueAt: string | null | undefined, now = Date.now()): DueState {
  if (!dueAt) return 'none';
  const due = Date.parse(dueAt);
  if (due < now) return 'overdue';
  return due - now < 48 * 3_600_000 ? 'soon' : 'ok';
}
