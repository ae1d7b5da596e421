import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, downloadFile, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { LoadMore } from '../../lib/cursor-pages';
import { todayInChina } from '../../lib/dates';
import { PLAN_STATUS_TEXT, say, useCompliance, useLapseWatch, useRoster, type ComplianceList } from './orglife.queries';

type Row = ComplianceList['items'][number];

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

/** One cell per month: green when everything due was held, red with a miss, grey when nothing was planned yet. */
function HeatMap({ months, locale }: { months: Row['months']; locale: 'zh-CN' | 'en-US' }) {
  return (
    <div style={{ display: 'flex', gap: 2 }} role="img" aria-label={say(locale, '月度热力图', 'Monthly heat map')}>
      {months.map((m) => {
        const color =
          m.missed > 0
            ? '#ff4d4f'
            : m.planned === 0
              ? '#f0f0f0'
              : m.held === m.planned
                ? '#52c41a'
                : m.held > 0
                  ? '#b7eb8f'
                  : '#d9d9d9';
        return (
          <Tooltip
            key={m.month}
            title={`${m.month}: ${m.held}/${m.planned}${m.missed ? `, ${say(locale, '未开', 'missed')} ${m.missed}` : ''}`}
          >
            <span style={{ width: 12, height: 12, background: color, display: 'inline-block', borderRadius: 2 }} />
          </Tooltip>
        );
      })}
    </div>
  );
}

/** 组织生活合规 — administrators: which organizations are behind (RULES §F), their ranking, the ledger, the lapse watch. */
export default function OrgLifeCompliancePage() {
  const { locale, t } = useI18n();
  const s = (zh: string, en: string) => say(locale, zh, en);
  const thisYear = Number(todayInChina().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [filter, setFilter] = useState<'all' | 'behind'>('all');
  const list = useCompliance(year, filter === 'behind' ? true : undefined);
  const lapse = useLapseWatch();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {s('组织生活合规', 'Organizational-life compliance')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={s('年度', 'Year')}
          value={year}
          onChange={setYear}
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
        />
        <Segmented
          aria-label={s('筛选', 'Filter')}
          value={filter}
          onChange={(v) => setFilter(v as 'all' | 'behind')}
          options={[
            { value: 'all', label: s('全部', 'All') },
            { value: 'behind', label: s('落后', 'Behind') },
          ]}
        />
        <Button
          onClick={() => {
            setDownloadError(null);
            downloadFile(`/api/org-life/compliance.xlsx?year=${year}`, `org-life-${year}.xlsx`).catch(setDownloadError);
          }}
        >
          {s('导出台账（Excel）', 'Export the ledger (Excel)')}
        </Button>
      </Space>
      <ProblemAlert error={list.error ?? downloadError} />
      <Table<Row>
        rowKey="orgId"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1200 }}
        columns={[
          { title: '#', key: 'rank', width: 40, render: (_, __, i) => i + 1 },
          {
            title: s('党组织', 'Organization'),
            key: 'org',
            width: 240,
            render: (_, r) => <Link to={`/org-life/${encodeURIComponent(r.orgId)}?year=${year}`}>{r.orgName}</Link>,
          },
          {
            title: s('计划', 'Plan'),
            key: 'plan',
            width: 110,
            render: (_, r) => <Tag>{s(...PLAN_STATUS_TEXT[r.planStatus])}</Tag>,
          },
          { title: s('已开/应开', 'Held/due'), key: 'held', width: 90, render: (_, r) => `${r.held}/${r.due}` },
          { title: s('未开', 'Missed'), dataIndex: 'missed', width: 60 },
          { title: s('完成率', 'Completion'), key: 'rate', width: 90, render: (_, r) => pct(r.completionRate) },
          { title: s('平均出席率', 'Attendance'), key: 'att', width: 100, render: (_, r) => pct(r.averageAttendance) },
          {
            title: s('党课', 'Classes'),
            key: 'classes',
            width: 80,
            render: (_, r) => `${r.partyClassesHeld}/${r.partyClassesRequired}`,
          },
          {
            title: s('预警/标记', 'Warned/flagged'),
            key: 'lapse',
            width: 100,
            render: (_, r) => `${r.lapseWarned}/${r.lapseFlagged}`,
          },
          { title: s('学时不足', 'Training short'), dataIndex: 'trainingShort', width: 90 },
          {
            title: s('民主评议', 'Appraisal'),
            key: 'appraisal',
            width: 90,
            render: (_, r) => (r.appraisalDone ? s('已完成', 'Done') : s('未完成', 'Not yet')),
          },
          {
            title: t('compliance.appraisalFiled'),
            key: 'appraisalFiled',
            width: 90,
            render: (_, r) => (r.appraisalFiled ? t('compliance.filedYes') : t('compliance.filedNo')),
          },
          {
            title: t('compliance.appraisalHandlingDue'),
            key: 'appraisalHandlingDue',
            width: 100,
            render: (_, r) =>
              r.appraisalHandlingDue > 0 ? <Tag color="error">{r.appraisalHandlingDue}</Tag> : r.appraisalHandlingDue,
          },
          {
            title: s('月度', 'Months'),
            key: 'months',
            width: 200,
            render: (_, r) => <HeatMap months={r.months} locale={locale} />,
          },
          {
            title: s('状态', 'State'),
            key: 'behind',
            width: 80,
            render: (_, r) =>
              r.behind ? (
                <Tag color="error">{s('落后', 'Behind')}</Tag>
              ) : (
                <Tag color="success">{s('正常', 'On track')}</Tag>
              ),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        {s('组织生活缺席预警', 'Lapse watch')}
      </Typography.Title>
      <ProblemAlert error={lapse.error} />
      <Table
        rowKey={(r) => `${r.orgId}/${r.personId}`}
        size="small"
        loading={lapse.isLoading}
        dataSource={lapse.items}
        pagination={false}
        columns={[
          { title: s('党组织', 'Organization'), dataIndex: 'orgName' },
          { title: s('姓名', 'Name'), dataIndex: 'name' },
          {
            title: s('原因', 'Grounds'),
            key: 'reasons',
            render: (_, r) =>
              r.reasons.map((g) =>
                g === 'dues' ? (
                  <Tag key={g}>
                    {s(`欠缴党费${r.duesUnpaidMonths}个月`, `dues unpaid ${r.duesUnpaidMonths} months`)}
                  </Tag>
                ) : (
                  <Tag key={g}>
                    {s(`缺席组织生活${r.consecutiveMonths}个月`, `absent ${r.consecutiveMonths} months`)}
                  </Tag>
                ),
              ),
          },
          {
            title: s('级别', 'Level'),
            key: 'level',
            render: (_, r) =>
              r.level === 'flagged' ? (
                <Tag color="red">{s('标记（6个月）', 'Flagged (6 months)')}</Tag>
              ) : (
                <Tag color="orange">{s('预警（3个月）', 'Warned (3 months)')}</Tag>
              ),
          },
          {
            title: s('处置流程', 'Case'),
            key: 'case',
            render: (_, r) => (r.caseId ? <Link to={`/cases/${encodeURIComponent(r.caseId)}`}>{r.caseId}</Link> : '—'),
          },
        ]}
      />
      <LoadMore list={lapse} />
      <DuesForm orgs={(list.data?.items ?? []).map((r) => ({ value: r.orgId, label: r.orgName }))} />
    </Card>
  );
}

/**
 * 党费欠缴登记 — the registry fact the lapse watch reads (RULES §F, 党章 Art. 9): the first unpaid month of a member, or
 * paid up. The month rules and who may record are the API's; its refusals show here as they come.
 */
function DuesForm({ orgs }: { orgs: { value: string; label: string }[] }) {
  const { locale } = useI18n();
  const s = (zh: string, en: string) => say(locale, zh, en);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const [personId, setPersonId] = useState<string | undefined>(undefined);
  const [since, setSince] = useState('');
  const [note, setNote] = useState('');
  const roster = useRoster(orgId, todayInChina());
  const save = useMutation({
    mutationFn: (unpaidSince: string | null) =>
      unwrap(
        api.PUT('/api/people/{personId}/dues', {
          params: { path: { personId: personId! } },
          body: { unpaidSince, note: note.trim() ? note.trim() : null },
        }),
      ),
    onSuccess: (view) => {
      void message.success(
        view.unpaidSince
          ? s(
              `已登记：自${view.unpaidSince}起欠缴，已满${view.unpaidMonths}个月`,
              `Recorded: unpaid since ${view.unpaidSince} (${view.unpaidMonths} months)`,
            )
          : s('已登记为已补缴', 'Recorded as paid up'),
      );
      void client.invalidateQueries({ queryKey: ['org-life', 'lapse-watch'] });
    },
  });
  return (
    <Card size="small" title={s('党费欠缴登记', 'Unpaid dues')} style={{ marginTop: 24 }} data-testid="dues-form">
      <Typography.Paragraph type="secondary">
        {s(
          '连续6个月不交纳党费视为自行脱党（党章第九条）：登记首个未交月份，每月初的缺席预警满3个月预警、满6个月标记。',
          'Six months of unpaid dues count as leaving the party (Party Constitution Art. 9): record the first unpaid month; the monthly watch warns at 3 months and flags at 6.',
        )}
      </Typography.Paragraph>
      <Space wrap>
        <Select
          aria-label={s('党员所在组织', "Member's organization")}
          style={{ minWidth: 240 }}
          value={orgId}
          options={orgs}
          onChange={(v: string) => {
            setOrgId(v);
            setPersonId(undefined);
          }}
        />
        <Select
          aria-label={s('党员', 'Member')}
          style={{ minWidth: 160 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={personId}
          loading={roster.isLoading}
          options={(roster.data?.members ?? []).map((m) => ({ value: m.personId, label: m.name }))}
          onChange={(v: string) => setPersonId(v)}
        />
        <Input
          aria-label={s('首个未交月份', 'First unpaid month')}
          placeholder="YYYY-MM"
          style={{ width: 120 }}
          value={since}
          onChange={(e) => setSince(e.target.value)}
        />
        <Input
          aria-label={s('备注', 'Note')}
          style={{ width: 200 }}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="primary" disabled={!personId} loading={save.isPending} onClick={() => save.mutate(since.trim())}>
          {s('登记欠缴', 'Record unpaid')}
        </Button>
        <Button disabled={!personId} loading={save.isPending} onClick={() => save.mutate(null)}>
          {s('已补缴', 'Paid up')}
        </Button>
      </Space>
      <div style={{ marginTop: 8 }}>
        <ProblemAlert error={save.error} />
      </div>
    </Card>
  );
}
