import {
  Badge,
  Button,
  Card,
  Grid,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DueTag, ProcedureLabel, StatusTag } from '../../components/Tags';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { formatInstant } from '../../lib/dates';
import { orgTreeData, useBodyNames, useOrgTree } from '../../lib/lookups';
import { PROCEDURES } from '../../lib/procedures';
import type { MessageKey } from '../../i18n/zh-CN';
import {
  useInboxTasks,
  useMarkRead,
  useMyCases,
  useNotifications,
  type CaseSummary,
  type InboxFilters,
  type InboxTab,
  type InboxTask,
  type Procedure,
} from './inbox.queries';

const TABS: InboxTab[] = ['todo', 'done', 'mine', 'notifications'];

/**
 * 待办 / 已办 / 我发起的 / 通知, the tab and filters in the URL. Lists are virtualized (1,000 rows stay smooth); on a
 * phone each row is one compact cell, so nothing scrolls sideways at 390 px.
 */
export default function InboxPage() {
  const { t, pick, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const wide = screens.md ?? true;
  const tab = (TABS.includes(params.get('tab') as InboxTab) ? params.get('tab') : 'todo') as InboxTab;
  const filters: InboxFilters = {
    procedure: (params.get('procedure') as Procedure) || undefined,
    orgId: params.get('orgId') || undefined,
    overdue: params.get('overdue') === 'true' || undefined,
  };
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const todo = useInboxTasks('todo', filters);
  // 已办 and 我发起的 load when opened: the first load fetches only what it shows
  const done = useInboxTasks('done', filters, tab === 'done');
  const mine = useMyCases(filters, tab === 'mine');
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const tree = useOrgTree();
  const bodyName = useBodyNames();
  const unread = (notifications.data ?? []).filter((n) => !n.readAt).length;
  const counts = todo.data?.counts;

  const taskColumns: ColumnsType<InboxTask> = wide
    ? [
        {
          title: t('inbox.title'),
          key: 'title',
          width: 320,
          render: (_, r) => <Link to={`/tasks/${encodeURIComponent(r.taskId)}`}>{pick(r.title, r.titleEn)}</Link>,
        },
        { title: t('inbox.case'), dataIndex: 'caseTitle', width: 240, ellipsis: true },
        {
          title: t('inbox.procedure'),
          key: 'procedure',
          width: 130,
          render: (_, r) => <ProcedureLabel procedure={r.procedure} />,
        },
        { title: t('inbox.org'), key: 'org', width: 220, ellipsis: true, render: (_, r) => bodyName(r.orgId) },
        tab === 'todo'
          ? { title: t('inbox.due'), key: 'due', width: 230, render: (_, r) => <DueTag dueAt={r.dueAt} /> }
          : {
              title: t('inbox.decidedAt'),
              key: 'decided',
              width: 230,
              render: (_, r) => (
                <span>
                  {formatInstant(r.decidedAt, locale)}{' '}
                  {r.outcome ? <Tag>{t(`outcome.${r.outcome}` as MessageKey)}</Tag> : null}
                </span>
              ),
            },
        { title: t('inbox.arrived'), key: 'created', width: 170, render: (_, r) => formatInstant(r.createdAt, locale) },
      ]
    : [
        {
          title: t('inbox.title'),
          key: 'compact',
          render: (_, r) => (
            <div style={{ minWidth: 0 }}>
              <Link to={`/tasks/${encodeURIComponent(r.taskId)}`} style={{ fontWeight: 500 }}>
                {pick(r.title, r.titleEn)}
              </Link>
              <div style={{ color: '#666', fontSize: 12, wordBreak: 'break-all' }}>{r.caseTitle}</div>
              <div style={{ fontSize: 12 }}>
                {tab === 'todo' ? <DueTag dueAt={r.dueAt} /> : formatInstant(r.decidedAt, locale)}
              </div>
            </div>
          ),
        },
      ];

  const caseColumns: ColumnsType<CaseSummary> = wide
    ? [
        {
          title: t('inbox.case'),
          key: 'title',
          width: 320,
          render: (_, r) => <Link to={`/cases/${encodeURIComponent(r.caseId)}`}>{r.title}</Link>,
        },
        {
          title: t('inbox.procedure'),
          key: 'p',
          width: 130,
          render: (_, r) => <ProcedureLabel procedure={r.procedure} />,
        },
        { title: t('inbox.stage'), dataIndex: 'stage', width: 90 },
        { title: t('inbox.status'), key: 's', width: 110, render: (_, r) => <StatusTag status={r.status} /> },
        { title: t('inbox.submitted'), key: 'at', width: 170, render: (_, r) => formatInstant(r.submittedAt, locale) },
      ]
    : [
        {
          title: t('inbox.case'),
          key: 'compact',
          render: (_, r) => (
            <div>
              <Link to={`/cases/${encodeURIComponent(r.caseId)}`}>{r.title}</Link>
              <div style={{ fontSize: 12 }}>
                <StatusTag status={r.status} /> {r.stage}
              </div>
            </div>
          ),
        },
      ];

  const scroll = wide ? { x: 1310, y: 560 } : { x: 300, y: 520 };
  const filterBar = (
    <Space wrap style={{ marginBottom: 12 }}>
      <Select
        aria-label={t('inbox.procedure')}
        style={{ width: wide ? 180 : 150 }}
        allowClear
        placeholder={t('inbox.allProcedures')}
        value={filters.procedure}
        onChange={(v?: string) => setParam('procedure', v)}
        options={PROCEDURES.map((p) => ({ value: p, label: t(`procedure.${p}` as MessageKey) }))}
      />
      <TreeSelect
        aria-label={t('inbox.org')}
        style={{ width: wide ? 260 : 180 }}
        allowClear
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder={t('inbox.allOrgs')}
        value={filters.orgId}
        onChange={(v?: string) => setParam('orgId', v)}
        treeData={orgTreeData(tree.data)}
        treeDefaultExpandAll
      />
      {tab === 'todo' ? (
        <Space>
          <Switch
            aria-label={t('inbox.overdueOnly')}
            checked={!!filters.overdue}
            onChange={(v) => setParam('overdue', v ? 'true' : undefined)}
          />
          <span>{t('inbox.overdueOnly')}</span>
        </Space>
      ) : null}
    </Space>
  );

  const taskTable = (rows: InboxTask[] | undefined, loading: boolean) => (
    <Table<InboxTask>
      rowKey="taskId"
      size="small"
      virtual
      scroll={scroll}
      pagination={false}
      loading={loading}
      dataSource={rows ?? []}
      columns={taskColumns}
      locale={{ emptyText: t('inbox.empty') }}
      onRow={(r) => ({ onDoubleClick: () => void navigate(`/tasks/${encodeURIComponent(r.taskId)}`) })}
    />
  );

  const content: Record<InboxTab, React.ReactNode> = {
    todo: (
      <>
        <ProblemAlert error={todo.error} />
        {counts ? (
          <Typography.Paragraph data-testid="inbox-counts">
            {t('inbox.counts', { open: counts.open, overdue: counts.overdue, dueSoon: counts.dueSoon })}
          </Typography.Paragraph>
        ) : null}
        {taskTable(todo.data?.items, todo.isLoading)}
      </>
    ),
    done: (
      <>
        <ProblemAlert error={done.error} />
        {taskTable(done.data?.items, done.isLoading)}
      </>
    ),
    mine: (
      <>
        <ProblemAlert error={mine.error} />
        <Table<CaseSummary>
          rowKey="caseId"
          size="small"
          virtual
          scroll={scroll}
          pagination={false}
          loading={mine.isLoading}
          dataSource={mine.data?.items ?? []}
          columns={caseColumns}
          locale={{ emptyText: t('inbox.empty') }}
        />
      </>
    ),
    notifications: (
      <>
        <ProblemAlert error={notifications.error ?? markRead.error} />
        {(notifications.data ?? []).length === 0 ? <Typography.Text>{t('inbox.empty')}</Typography.Text> : null}
        {(notifications.data ?? []).map((n) => (
          <Card key={n.id} size="small" style={{ marginBottom: 8 }}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap>
                {n.readAt ? <Tag>{t('inbox.read')}</Tag> : <Tag color="red">{t('inbox.unread')}</Tag>}
                <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                  {n.subject}
                </Typography.Text>
              </Space>
              <Typography.Text type="secondary">{formatInstant(n.createdAt, locale)}</Typography.Text>
              <Space wrap>
                {n.taskId ? <Link to={`/tasks/${encodeURIComponent(n.taskId)}`}>{t('inbox.open')}</Link> : null}
                {!n.taskId && n.caseId ? (
                  <Link to={`/cases/${encodeURIComponent(n.caseId)}`}>{t('inbox.open')}</Link>
                ) : null}
                {!n.readAt ? (
                  <Button size="small" onClick={() => markRead.mutate(n.id)}>
                    {t('inbox.markRead')}
                  </Button>
                ) : null}
              </Space>
            </Space>
          </Card>
        ))}
      </>
    ),
  };

  const label = (key: InboxTab) => {
    const text = t(`inbox.${key}` as MessageKey);
    if (key === 'todo')
      return (
        <Badge count={counts?.open ?? 0} size="small" offset={[8, -2]}>
          {text}
        </Badge>
      );
    if (key === 'notifications')
      return (
        <Badge count={unread} size="small" offset={[8, -2]}>
          {text}
        </Badge>
      );
    return text;
  };

  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('nav.inbox')}
      </Typography.Title>
      {wide ? null : (
        <Segmented
          block
          aria-label={t('nav.inbox')}
          value={tab}
          onChange={(v) => setParam('tab', String(v))}
          options={TABS.map((k) => ({ value: k, label: label(k) }))}
          style={{ marginBottom: 8 }}
        />
      )}
      {tab !== 'notifications' ? filterBar : null}
      {wide ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => setParam('tab', k)}
          items={TABS.map((k) => ({ key: k, label: label(k), children: content[k] }))}
        />
      ) : (
        content[tab]
      )}
    </div>
  );
}
