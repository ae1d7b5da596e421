import { Link, useSearchParams } from 'react-router';
import { Card, Select, Space, Switch, Table, Tag, TreeSelect, Typography, Input } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { DueTag, ProcedureLabel, StatusTag } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { formatInstant } from '../../lib/dates';
import { orgTreeData, useBodyNames, useOrgTree } from '../../lib/lookups';
import { PROCEDURES, type Procedure } from '../../lib/procedures';
import type { MessageKey } from '../../i18n/zh-CN';

const STATUSES = ['active', 'completed', 'rejected', 'withdrawn', 'cancelled'] as const;
const FLAGS = [
  'talkOverdue',
  'approvalBeyondThreeMonths',
  'approvalBeyondSixMonths',
  'probationEndedWithoutDecision',
  'conversionMeetingBeyondThreeMonths',
] as const;
const PAGE_SIZES = [20, 50, 100];

/** Administrators' case list: every filter the API has, paginated on the server, all in the URL. */
export default function CaseListPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const tree = useOrgTree();
  const bodyName = useBodyNames();
  const page = Number(params.get('page') ?? '1');
  const pageSize = Number(params.get('pageSize') ?? '20');
  const filters = {
    procedure: (params.get('procedure') as Procedure) || undefined,
    orgId: params.get('orgId') || undefined,
    status: (params.get('status') as (typeof STATUSES)[number]) || undefined,
    stage: params.get('stage') || undefined,
    overdue: params.get('overdue') === 'true' ? ('true' as const) : undefined,
    flag: params.get('flag') || undefined,
  };
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const list = useQuery({
    queryKey: ['cases', 'list', filters, page, pageSize],
    queryFn: () =>
      unwrap(
        api.GET('/api/cases', {
          params: { query: { ...filters, limit: pageSize, offset: (page - 1) * pageSize } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('nav.cases')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }} aria-label={t('admin.filters')}>
        <Select
          allowClear
          aria-label={t('inbox.procedure')}
          placeholder={t('inbox.allProcedures')}
          style={{ width: 160 }}
          value={filters.procedure}
          onChange={(v?: string) => set('procedure', v)}
          options={PROCEDURES.map((p) => ({ value: p, label: t(`procedure.${p}` as MessageKey) }))}
        />
        <TreeSelect
          allowClear
          aria-label={t('inbox.org')}
          placeholder={t('inbox.allOrgs')}
          style={{ width: 240 }}
          value={filters.orgId}
          onChange={(v?: string) => set('orgId', v)}
          treeData={orgTreeData(tree.data) as never}
          treeDefaultExpandAll
        />
        <Select
          allowClear
          aria-label={t('admin.status')}
          placeholder={t('admin.status')}
          style={{ width: 120 }}
          value={filters.status}
          onChange={(v?: string) => set('status', v)}
          options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))}
        />
        <Input.Search
          allowClear
          aria-label={t('admin.stage')}
          placeholder={t('admin.stage')}
          style={{ width: 120 }}
          defaultValue={filters.stage}
          onSearch={(v) => set('stage', v.trim() || undefined)}
        />
        <Select
          allowClear
          aria-label={t('admin.flag')}
          placeholder={t('admin.flag')}
          style={{ width: 200 }}
          value={filters.flag}
          onChange={(v?: string) => set('flag', v)}
          options={FLAGS.map((f) => ({ value: f, label: t(`flag.${f}` as MessageKey) }))}
        />
        <Space>
          <Switch
            aria-label={t('admin.overdue')}
            checked={!!filters.overdue}
            onChange={(v) => set('overdue', v ? 'true' : undefined)}
          />
          <span>{t('admin.overdue')}</span>
        </Space>
      </Space>
      <ProblemAlert error={list.error} />
      <Table
        rowKey="caseId"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize,
          // offset paging stops at 10,000 rows (the API's bound); the filters narrow what lies beyond
          total: Math.min(list.data?.total ?? 0, 10_000 + pageSize),
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: () => t('common.total', { total: `${list.data?.total ?? 0}${list.data?.totalCapped ? '+' : ''}` }),
          onChange: (p, size) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            next.set('pageSize', String(size));
            setParams(next, { replace: true });
          },
        }}
        columns={[
          {
            title: t('inbox.case'),
            key: 'title',
            width: 300,
            render: (_, c) => <Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.title}</Link>,
          },
          {
            title: t('inbox.procedure'),
            key: 'p',
            width: 120,
            render: (_, c) => <ProcedureLabel procedure={c.procedure} />,
          },
          { title: t('inbox.org'), key: 'o', width: 220, ellipsis: true, render: (_, c) => bodyName(c.orgId) },
          { title: t('admin.stage'), dataIndex: 'stage', width: 80 },
          { title: t('admin.status'), key: 's', width: 100, render: (_, c) => <StatusTag status={c.status} /> },
          {
            title: t('inbox.due'),
            key: 'd',
            width: 220,
            render: (_, c) => <DueTag dueAt={c.dueAt} open={c.status === 'active'} />,
          },
          {
            title: t('admin.flag'),
            key: 'f',
            width: 200,
            render: (_, c) =>
              c.flags.map((f) => (
                <Tag color="warning" key={f}>
                  {(FLAGS as readonly string[]).includes(f) ? t(`flag.${f}` as MessageKey) : f}
                </Tag>
              )),
          },
          {
            title: t('inbox.submitted'),
            key: 'at',
            width: 170,
            render: (_, c) => formatInstant(c.submittedAt, locale),
          },
        ]}
      />
    </Card>
  );
}
