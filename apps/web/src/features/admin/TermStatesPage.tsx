import { Link, useSearchParams } from 'react-router';
import { Card, Segmented, Table, Tag, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { CONSOLE_PAGE, LoadMore, useCursorList } from '../../lib/cursor-pages';
import { formatDate } from '../../lib/dates';
import type { MessageKey } from '../../i18n/zh-CN';

const STATES = ['overdue', 'dueSoon', 'electionOpen', 'current'] as const;

/** Organizations by term state: overdue elections (RULES H-19), due within six months, under way, current. */
export default function TermStatesPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') as (typeof STATES)[number]) || 'overdue';
  // keyset pages of the API (issue 8 §6), more on "load more"
  const list = useCursorList(['orgs', 'term-states', state], (cursor) =>
    unwrap(
      api.GET('/api/orgs/term-states', {
        params: { query: { state, limit: CONSOLE_PAGE, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('nav.terms')}
      </Typography.Title>
      <Segmented
        aria-label={t('admin.termState')}
        value={state}
        onChange={(v) => setParams({ state: String(v) }, { replace: true })}
        options={STATES.map((s) => ({ value: s, label: t(`termState.${s}` as MessageKey) }))}
        style={{ marginBottom: 12 }}
      />
      <ProblemAlert error={list.error} />
      <Table
        rowKey="orgId"
        size="small"
        loading={list.isLoading}
        dataSource={list.items}
        scroll={{ x: 900 }}
        pagination={false}
        columns={[
          { title: t('case.org'), dataIndex: 'name', width: 260 },
          { title: t('admin.termNo'), dataIndex: 'termNo', width: 60 },
          { title: t('admin.termEnd'), key: 'end', width: 140, render: (_, o) => formatDate(o.termEnd, locale) },
          {
            title: t('admin.electionDue'),
            key: 'due',
            width: 140,
            render: (_, o) => formatDate(o.electionDue, locale),
          },
          {
            title: t('admin.termState'),
            key: 'state',
            width: 140,
            render: (_, o) => (o.state ? <Tag>{t(`termState.${o.state}` as MessageKey)}</Tag> : '—'),
          },
          { title: t('admin.daysOverdue'), dataIndex: 'daysOverdue', width: 90 },
          {
            title: t('case.election'),
            key: 'case',
            width: 200,
            render: (_, o) =>
              o.electionCaseId ? (
                <Link to={`/cases/${encodeURIComponent(o.electionCaseId)}`}>{o.electionCaseId}</Link>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <LoadMore list={list} />
    </Card>
  );
}
