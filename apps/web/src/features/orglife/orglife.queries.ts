import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import type { Locale } from '../../i18n/locale-state';
import { CONSOLE_PAGE, useCursorList } from '../../lib/cursor-pages';

export type OrgLifePlan = components['schemas']['OrgLifePlanDto'];
export type Occurrence = OrgLifePlan['occurrences'][number];
export type RecordBody = components['schemas']['RecordMeetingDto'];
export type ComplianceList = components['schemas']['ComplianceListDto'];

/** Text in the user's language (organizational life keeps its strings beside its pages). */
export function say(locale: Locale, zh: string, en: string): string {
  return locale === 'zh-CN' ? zh : en;
}

export const STATUS_TEXT: Record<Occurrence['status'], [string, string, string]> = {
  planned: ['待开', 'Planned', 'default'],
  open: ['已通知', 'Noticed', 'processing'],
  held: ['已开', 'Held', 'success'],
  missed: ['未开', 'Missed', 'error'],
};

export const PLAN_STATUS_TEXT: Record<string, [string, string]> = {
  none: ['未制定', 'No plan'],
  draft: ['草稿', 'Draft'],
  submitted: ['待支委会审定', 'With the committee'],
  approved: ['已审定', 'Approved'],
  returned: ['已退回', 'Returned'],
};

export function usePlan(orgId: string | undefined, year: number) {
  return useQuery({
    queryKey: ['org-life', orgId, year],
    enabled: !!orgId,
    retry: false,
    queryFn: () =>
      unwrap(api.GET('/api/orgs/{orgId}/org-life/{year}', { params: { path: { orgId: orgId!, year: String(year) } } })),
  });
}

export function useRoster(orgId: string | undefined, asOf: string | undefined) {
  return useQuery({
    queryKey: ['roster', orgId, asOf],
    enabled: !!orgId && !!asOf,
    queryFn: () =>
      unwrap(api.GET('/api/orgs/{orgId}/roster', { params: { path: { orgId: orgId! }, query: { asOf: asOf! } } })),
  });
}

export function useCompliance(year: number, behind: boolean | undefined) {
  return useQuery({
    queryKey: ['org-life', 'compliance', year, behind],
    queryFn: () =>
      unwrap(
        api.GET('/api/org-life/compliance', {
          params: { query: { year, ...(behind === undefined ? {} : { behind: behind ? 'true' : 'false' }) } },
        }),
      ),
  });
}

/** The lapse watch in keyset pages (most consecutive months first), more on "load more". */
export function useLapseWatch() {
  return useCursorList(['org-life', 'lapse-watch'], (cursor) =>
    unwrap(
      api.GET('/api/org-life/lapse-watch', {
        params: { query: { limit: CONSOLE_PAGE, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
}

export function useRecord(recordId: string | null) {
  return useQuery({
    queryKey: ['org-life', 'record', recordId],
    enabled: !!recordId,
    queryFn: () => unwrap(api.GET('/api/org-life/records/{recordId}', { params: { path: { recordId: recordId! } } })),
  });
}

/** Meeting record attachment categories (RULES §F: sign-in sheet, photos, minutes as PDF/OFD). */
export const ATTACHMENT_CATEGORY_TEXT: Record<string, [string, string]> = {
  signInSheet: ['签到表', 'Sign-in sheet'],
  photo: ['会议照片', 'Photo'],
  minutes: ['会议记录', 'Minutes'],
  other: ['其他材料', 'Other'],
};

export function useDemocraticLife(orgId: string | undefined, year: number) {
  return useQuery({
    queryKey: ['org-life', 'democratic-life', orgId, year],
    enabled: !!orgId,
    queryFn: () =>
      unwrap(
        api.GET('/api/orgs/{orgId}/democratic-life/{year}', {
          params: { path: { orgId: orgId!, year: String(year) } },
        }),
      ),
  });
}

export function useSecretaryReports(orgId: string | undefined, year: number) {
  return useQuery({
    queryKey: ['org-life', 'secretary-report', orgId, year],
    enabled: !!orgId,
    queryFn: () =>
      unwrap(
        api.GET('/api/orgs/{orgId}/secretary-report/{year}', {
          params: { path: { orgId: orgId!, year: String(year) } },
        }),
      ),
  });
}

export type AppraisalList = components['schemas']['AppraisalListDto'];
export type AppraisalItem = AppraisalList['items'][number];
export type AppraisalGrade = components['schemas']['AppraisalBodyDto']['grades'][number]['grade'];

/** 民主评议党员 (RULES §F): the year's assessments, grades, follow-ups, who is ungraded, and the filing. */
export function useAppraisals(orgId: string | undefined, year: number) {
  return useQuery({
    queryKey: ['org-life', 'appraisals', orgId, year],
    enabled: !!orgId,
    queryFn: () =>
      unwrap(
        api.GET('/api/orgs/{orgId}/org-life/{year}/appraisals', {
          params: { path: { orgId: orgId!, year: String(year) } },
        }),
      ),
  });
}

/** Open 不合格 follow-ups of every year: improving, or organizational handling (组织处置) due. */
export function useAppraisalFollowUps(orgId: string | undefined) {
  return useQuery({
    queryKey: ['org-life', 'appraisal-follow-ups', orgId],
    enabled: !!orgId,
    queryFn: () => unwrap(api.GET('/api/orgs/{orgId}/appraisal-follow-ups', { params: { path: { orgId: orgId! } } })),
  });
}

/** Results of the year filed with this organization by those below it (报上级党组织备案). */
export function useAppraisalFilings(orgId: string | undefined, year: number) {
  return useQuery({
    queryKey: ['org-life', 'appraisal-filings', orgId, year],
    enabled: !!orgId,
    retry: false,
    queryFn: () =>
      unwrap(
        api.GET('/api/orgs/{orgId}/org-life/{year}/appraisal-filings', {
          params: { path: { orgId: orgId!, year: String(year) } },
        }),
      ),
  });
}
