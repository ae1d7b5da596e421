import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { DateInput, dateItemProps } from '../../components/DateField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AttachmentPanel } from '../cases/Attachments';
import { AppraisalCard } from './AppraisalCard';
import { useI18n } from '../../i18n/i18n';
import { formatDate, todayInChina } from '../../lib/dates';
import { useIdempotencyKey, settlesIntent } from '../../lib/idempotency';
import { useSubmitterOrgs } from '../start/submitter-orgs';
import {
  ATTACHMENT_CATEGORY_TEXT,
  PLAN_STATUS_TEXT,
  STATUS_TEXT,
  say,
  useDemocraticLife,
  usePlan,
  useRecord,
  useRoster,
  useSecretaryReports,
  type Occurrence,
  type RecordBody,
} from './orglife.queries';

const ATTENDANCE = ['present', 'excused', 'absentWithReason', 'absent'] as const;
const ATTENDANCE_TEXT: Record<(typeof ATTENDANCE)[number], [string, string]> = {
  present: ['出席', 'Present'],
  excused: ['请假', 'Excused'],
  absentWithReason: ['缺席（有理由）', 'Absent with reason'],
  absent: ['缺席（无理由）', 'Absent'],
};
const CLASS_KINDS = new Set(['partyClass', 'secretaryPartyClass', 'collectiveStudy']);

/**
 * 组织生活 — the branch's year (RULES §F): the plan with every occurrence and its state, setting up the year,
 * moving a date, submitting the plan to the branch committee, and recording a meeting with attendance from the roster.
 */
export default function OrgLifeYearPage() {
  const { locale } = useI18n();
  const s = (zh: string, en: string) => say(locale, zh, en);
  const params = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const orgs = useSubmitterOrgs();
  const orgId = params.orgId ?? orgs[0]?.value;
  const thisYear = Number(todayInChina().slice(0, 4));
  const year = Number(search.get('year') ?? thisYear);
  const plan = usePlan(orgId, year);
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['org-life', orgId, year] });
  const [recording, setRecording] = useState<Occurrence | null>(null);
  const [moving, setMoving] = useState<Occurrence | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const notFound = plan.error instanceof ApiError && plan.error.status === 404;

  const start = useMutation({
    mutationFn: (themeDayOfMonth: number | undefined) =>
      unwrap(
        api.POST('/api/orgs/{orgId}/org-life/{year}', {
          params: { path: { orgId: orgId!, year: String(year) } },
          body: themeDayOfMonth ? { themeDayOfMonth } : {},
        }),
      ),
    onSuccess: () => void refresh(),
  });
  const submitKey = useIdempotencyKey();
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orgs/{orgId}/org-life/{year}/plan/submit', {
          params: { path: { orgId: orgId!, year: String(year) }, header: commandHeaders(submitKey.key()) },
        }),
      ),
    onSuccess: () => {
      submitKey.settle();
      void message.success(s('已提交支部委员会审定', 'Submitted to the committee'));
      void refresh();
    },
    onError: (e) => (settlesIntent(e) ? submitKey.settle() : undefined),
  });
  const [themeDay, setThemeDay] = useState<number | undefined>(undefined);

  const data = plan.data;
  const held = data?.occurrences.filter((o) => o.status === 'held').length ?? 0;
  const missed = data?.occurrences.filter((o) => o.status === 'missed').length ?? 0;

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {s('组织生活', 'Organizational life')} {data ? `— ${data.orgName}` : ''}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={s('党组织', 'Organization')}
          style={{ minWidth: 280 }}
          value={orgId}
          options={orgs}
          onChange={(v: string) => void navigate(`/org-life/${encodeURIComponent(v)}?year=${year}`)}
        />
        <Select
          aria-label={s('年度', 'Year')}
          value={year}
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
          onChange={(v: number) => setSearch({ year: String(v) }, { replace: true })}
        />
        {data ? <Tag color="blue">{s(...PLAN_STATUS_TEXT[data.status])}</Tag> : null}
        {data ? (
          <span>
            {s('已开', 'Held')} {held} / {data.occurrences.length}，{s('未开', 'missed')} {missed}
          </span>
        ) : null}
        {data && (data.status === 'draft' || data.status === 'returned') && data.running ? (
          <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate()}>
            {s('提交支委会审定', 'Submit to the committee')}
          </Button>
        ) : null}
        {data?.approvalCaseId ? (
          <Link to={`/cases/${encodeURIComponent(data.approvalCaseId)}`}>{s('审定流程', 'Approval case')}</Link>
        ) : null}
      </Space>
      <ProblemAlert error={notFound ? null : plan.error} />
      <ProblemAlert error={submit.error ?? start.error} />
      {notFound ? (
        <Space direction="vertical">
          <Typography.Paragraph>
            {s(
              `${year}年度尚无组织生活计划。按政策表生成计划（支部党员大会每季度、支委会每月、党小组会每月、党课每年4次及书记讲党课、主题党日每月、组织生活会、民主评议党员、谈心谈话）。`,
              `No plan for ${year} yet. Generate it from the policy table (general meeting quarterly, committee and party cells monthly, four classes and the secretary's, theme day monthly, organizational-life meeting, appraisal, talks).`,
            )}
          </Typography.Paragraph>
          <Space>
            <span>{s('主题党日（每月几日）', 'Theme day (day of month)')}</span>
            <InputNumber
              aria-label={s('主题党日', 'Theme day')}
              min={1}
              max={28}
              value={themeDay}
              onChange={(v) => setThemeDay(v ?? undefined)}
            />
            <Button type="primary" loading={start.isPending} onClick={() => start.mutate(themeDay)}>
              {s('生成年度计划', 'Set up the year')}
            </Button>
          </Space>
        </Space>
      ) : null}
      {data ? (
        <Table
          rowKey="occurrenceId"
          size="small"
          loading={plan.isLoading}
          dataSource={data.occurrences}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: s('事项', 'Item'), key: 'name', width: 160, render: (_, o) => s(o.name, o.nameEn) },
            {
              title: s('期间', 'Period'),
              key: 'period',
              width: 220,
              render: (_, o) => `${formatDate(o.periodStart, locale)} – ${formatDate(o.periodEnd, locale)}`,
            },
            {
              title: s('计划日期', 'Planned'),
              key: 'planned',
              width: 140,
              render: (_, o) => formatDate(o.plannedDate, locale),
            },
            {
              title: s('状态', 'Status'),
              key: 'status',
              width: 100,
              render: (_, o) => (
                <Tag color={STATUS_TEXT[o.status][2]}>{s(STATUS_TEXT[o.status][0], STATUS_TEXT[o.status][1])}</Tag>
              ),
            },
            {
              title: s('操作', 'Actions'),
              key: 'actions',
              width: 220,
              render: (_, o) =>
                data.running && o.status !== 'held' ? (
                  <Space>
                    {o.status !== 'missed' ? (
                      <Button size="small" onClick={() => setMoving(o)}>
                        {s('调整日期', 'Move')}
                      </Button>
                    ) : null}
                    <Button size="small" type="primary" onClick={() => setRecording(o)}>
                      {s('记录', 'Record')}
                    </Button>
                  </Space>
                ) : o.recordId ? (
                  <Button size="small" onClick={() => setViewing(o.recordId)}>
                    {s('记录与附件', 'Record and files')}
                  </Button>
                ) : null,
            },
          ]}
        />
      ) : null}
      {moving && orgId ? (
        <MoveDrawer orgId={orgId} year={year} occurrence={moving} onClose={() => setMoving(null)} onDone={refresh} />
      ) : null}
      {recording && orgId ? (
        <RecordDrawer
          orgId={orgId}
          year={year}
          occurrence={recording}
          onClose={() => setRecording(null)}
          onDone={(recordId) => {
            void refresh();
            setViewing(recordId);
          }}
        />
      ) : null}
      {viewing ? <RecordView recordId={viewing} onClose={() => setViewing(null)} /> : null}
      {orgId ? <AppraisalCard orgId={orgId} year={year} /> : null}
      {orgId ? <DemocraticLifeCard orgId={orgId} year={year} /> : null}
      {orgId ? <SecretaryReportCard orgId={orgId} year={year} /> : null}
    </Card>
  );
}

function MoveDrawer(props: {
  orgId: string;
  year: number;
  occurrence: Occurrence;
  onClose(): void;
  onDone(): unknown;
}) {
  const { locale } = useI18n();
  const s = (zh: string, en: string) => say(locale, zh, en);
  const [form] = Form.useForm<{ plannedDate: string }>();
  const key = useIdempotencyKey();
  const move = useMutation({
    mutationFn: (plannedDate: string) =>
      unwrap(
        api.PATCH('/api/orgs/{orgId}/org-life/{year}/occurrences/{occurrenceId}', {
          params: {
            path: { orgId: props.orgId, year: String(props.year), occurrenceId: props.occurrence.occurrenceId },
            header: commandHeaders(key.key()),
          },
          body: { plannedDate },
        }),
      ),
    onSuccess: () => {
      key.settle();
      void props.onDone();
      props.onClose();
    },
    onError: (e) => (settlesIntent(e) ? key.settle() : undefined),
  });
  return (
    <Drawer
      open
      title={s(`调整日期：${props.occurrence.name}`, `Move: ${props.occurrence.nameEn}`)}
      onClose={props.onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ plannedDate: props.occurrence.plannedDate }}
        onFinish={(v) => move.mutate(v.plannedDate)}
        onValuesChange={() => key.settle()}
      >
        <Form.Item
          name="plannedDate"
          label={s('计划日期', 'Planned date')}
          rules={[{ required: true }]}
          {...dateItemProps}
        >
          <DateInput aria-label={s('计划日期', 'Planned date')} />
        </Form.Item>
        <ProblemAlert error={move.error} />
        <Button type="primary" htmlType="submit" loading={move.isPending} style={{ marginTop: 12 }}>
          {s('保存', 'Save')}
        </Button>
      </Form>
    </Drawer>
  );
}

type RecordForm = Omit<RecordBody, 'attendance' | 'resolutions' | 'guests'> & {
  resolutions?: { text: string; forVotes: number }[];
};

/**
 * A held occurrence's record with its attachments (RULES §F: sign-in sheet, photos, minutes as PDF/OFD), uploaded on the
 * API's one attachment path; the types each category takes are the API's to judge.
 */
function RecordView(props: { recordId: string; onClose(): void }) {
  const { locale } = useI18n();
  const s = (zh: string, en: string) => say(locale, zh, en);
  const client = useQueryClient();
  const record = useRecord(props.recordId);
  const r = record.data;
  return (
    <Drawer open width={760} title={s('会议记录与附件', 'Record and files')} onClose={props.onClose}>
      <ProblemAlert error={record.error} />
      {r ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph data-testid="record-summary">
            {formatDate(r.heldOn, locale)} · {r.topic}
            {r.place ? ` · ${r.place}` : ''} ·{' '}
            {s(`应到${r.expected}人，实到${r.present}人`, `${r.present} of ${r.expected} present`)}
          </Typography.Paragraph>
          {r.minutes ? <Typography.Paragraph type="secondary">{r.minutes}</Typography.Paragraph> : null}
          <AttachmentPanel
            title={s('附件（签到表、会议照片、会议记录）', 'Files (sign-in sheet, photos, minutes)')}
            uploadUrl={`/api/org-life/records/${encodeURIComponent(r.recordId)}/attachments`}
            field={{ name: 'category', label: s('类别', 'Category') }}
            options={Object.entries(ATTACHMENT_CATEGORY_TEXT).map(([value, text]) => ({ value, label: s(...text) }))}
            defaultOption="signInSheet"
            items={r.attachments}
            accept=".pdf,.jpg,.jpeg,.png,.ofd,.docx"
            hint={s(
              '签到表：PDF、JPEG、PNG、OFD；照片：JPEG、PNG；会议记录：PDF、OFD',
              'Sign-in sheet: PDF, JPEG, PNG, OFD; photos: JPEG, PNG; minutes: PDF, OFD',
            )}
            onUploaded={() => client.invalidateQueries({ queryKey: ['org-life', 'record', props.recordId] })}
          />
        </Space>
      ) : null}
    </Drawer>
  );
}

/** Record a held occurrence: attendance from the roster on the meeting date (unmarked members are absent). */
function RecordDrawer(props: {
  orgId: string;
  year: number;
  occurrence: Occurrence;
  onClose(): void;
  /** the record was saved: its files are added next */
  onDone(recordId: string): unknown;
}) {
  const { locale } = useI18n();
  const s = (zh: string, en: string) => say(locale, zh, en);
  const o = props.occurrence;
  const today = todayInChina();
  const initialDate = o.plannedDate <= today ? o.plannedDate : today;
  const [form] = Form.useForm<RecordForm>();
  const heldOn = (Form.useWatch('heldOn', form) as string | undefined) ?? initialDate;
  const roster = useRoster(props.orgId, heldOn);
  const [marks, setMarks] = useState<Record<string, { status: (typeof ATTENDANCE)[number]; reason?: string }>>({});
  useEffect(() => {
    const next: typeof marks = {};
    for (const m of roster.data?.members ?? []) next[m.personId] = marks[m.personId] ?? { status: 'present' };
    setMarks(next);
  }, [roster.data]);
  const key = useIdempotencyKey();
  const isClass = CLASS_KINDS.has(o.kind);
  const record = useMutation({
    mutationFn: (v: RecordForm) =>
      unwrap(
        api.POST('/api/orgs/{orgId}/org-life/{year}/occurrences/{occurrenceId}/record', {
          params: {
            path: { orgId: props.orgId, year: String(props.year), occurrenceId: o.occurrenceId },
            header: commandHeaders(key.key()),
          },
          body: {
            ...v,
            resolutions: (v.resolutions ?? []).filter((r) => r?.text),
            guests: [],
            attendance: Object.entries(marks).map(([personId, m]) => ({
              personId,
              status: m.status,
              reason: m.reason ?? null,
            })),
          },
        }),
      ),
    onSuccess: (result) => {
      key.settle();
      void message.success(
        s(
          `已记录：应到有表决权${result.quorum.entitled}人，实到${result.quorum.present}人`,
          `Recorded: ${result.quorum.present} of ${result.quorum.entitled} entitled present`,
        ),
      );
      props.onClose();
      void props.onDone(result.recordId);
    },
    onError: (e) => (settlesIntent(e) ? key.settle() : undefined),
  });
  const present = useMemo(() => Object.values(marks).filter((m) => m.status === 'present').length, [marks]);
  return (
    <Drawer open width={720} title={s(`记录：${o.name}`, `Record: ${o.nameEn}`)} onClose={props.onClose}>
      <Form<RecordForm>
        form={form}
        layout="vertical"
        initialValues={{ heldOn: initialDate, topic: '', resolutions: [] }}
        onFinish={(v) => record.mutate(v)}
        onValuesChange={() => key.settle()}
      >
        <Form.Item name="heldOn" label={s('召开日期', 'Held on')} rules={[{ required: true }]} {...dateItemProps}>
          <DateInput aria-label={s('召开日期', 'Held on')} />
        </Form.Item>
        <Form.Item name="topic" label={s('主题', 'Topic')} rules={[{ required: true }]}>
          <Input aria-label={s('主题', 'Topic')} />
        </Form.Item>
        <Form.Item name="place" label={s('地点', 'Place')}>
          <Input aria-label={s('地点', 'Place')} />
        </Form.Item>
        <Form.Item name="presidedBy" label={s('主持人', 'Presided by')}>
          <Select
            aria-label={s('主持人', 'Presided by')}
            allowClear
            options={(roster.data?.members ?? []).map((m) => ({ value: m.personId, label: m.name }))}
          />
        </Form.Item>
        {isClass ? (
          <Space>
            <Form.Item name="teacherPersonId" label={s('授课人', 'Taught by')} rules={[{ required: true }]}>
              <Select
                style={{ minWidth: 200 }}
                aria-label={s('授课人', 'Taught by')}
                options={(roster.data?.members ?? []).map((m) => ({ value: m.personId, label: m.name }))}
              />
            </Form.Item>
            <Form.Item name="hours" label={s('学时', 'Hours')} rules={[{ required: true }]}>
              <InputNumber aria-label={s('学时', 'Hours')} min={0.5} max={40} step={0.5} />
            </Form.Item>
          </Space>
        ) : null}
        <Form.Item name="minutes" label={s('会议记录', 'Minutes')}>
          <Input.TextArea rows={4} aria-label={s('会议记录', 'Minutes')} />
        </Form.Item>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {s(`出席情况（实到${present}人）`, `Attendance (${present} present)`)}
        </Typography.Title>
        <Table
          rowKey="personId"
          size="small"
          pagination={false}
          loading={roster.isLoading}
          dataSource={roster.data?.members ?? []}
          columns={[
            { title: s('姓名', 'Name'), dataIndex: 'name', width: 120 },
            { title: s('党员状态', 'Status'), dataIndex: 'status', width: 120 },
            {
              title: s('出席', 'Attendance'),
              key: 'mark',
              render: (_, m) => (
                <Select
                  size="small"
                  style={{ minWidth: 160 }}
                  aria-label={`${m.name} ${s('出席', 'attendance')}`}
                  value={marks[m.personId]?.status ?? 'present'}
                  options={ATTENDANCE.map((a) => ({ value: a, label: s(...ATTENDANCE_TEXT[a]) }))}
                  onChange={(status: (typeof ATTENDANCE)[number]) => {
                    key.settle();
                    setMarks({ ...marks, [m.personId]: { ...marks[m.personId], status } });
                  }}
                />
              ),
            },
            {
              title: s('理由', 'Reason'),
              key: 'reason',
              render: (_, m) =>
                marks[m.personId]?.status === 'present' ? null : (
                  <Input
                    size="small"
                    aria-label={`${m.name} ${s('理由', 'reason')}`}
                    value={marks[m.personId]?.reason ?? ''}
                    onChange={(e) =>
                      setMarks({ ...marks, [m.personId]: { ...marks[m.personId], reason: e.target.value } })
                    }
                  />
                ),
            },
          ]}
        />
        <Typography.Title level={2} style={{ fontSize: 16, marginTop: 12 }}>
          {s('决议', 'Resolutions')}
        </Typography.Title>
        <Form.List name="resolutions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'text']} rules={[{ required: true }]}>
                    <Input style={{ width: 360 }} aria-label={s('决议内容', 'Resolution')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'forVotes']} rules={[{ required: true }]}>
                    <InputNumber min={0} aria-label={s('赞成票', 'For votes')} placeholder={s('赞成票', 'For')} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{s('删除', 'Remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({ text: '', forVotes: 0 })}>{s('添加决议', 'Add a resolution')}</Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={record.error} />
        </div>
        <Button type="primary" htmlType="submit" loading={record.isPending} style={{ marginTop: 12 }}>
          {s('保存记录', 'Save the record')}
        </Button>
      </Form>
    </Drawer>
  );
}

/**
 * 民主生活会 of the organization's leadership team (RULES §F): the secretary proposes topic and date, which go to the
 * higher organization department and the discipline committee; every later step is a task in the inbox.
 */
function DemocraticLifeCard({ orgId, year }: { orgId: string; year: number }) {
  const { locale } = useI18n();
  const s = (zh: string, en: string) => say(locale, zh, en);
  const client = useQueryClient();
  const cases = useDemocraticLife(orgId, year);
  const [form] = Form.useForm<{ topic: string; plannedDate: string }>();
  const start = useMutation({
    mutationFn: (v: { topic: string; plannedDate: string }) =>
      unwrap(
        api.POST('/api/orgs/{orgId}/democratic-life/{year}', {
          params: { path: { orgId, year: String(year) } },
          body: v,
        }),
      ),
    onSuccess: () => {
      void message.success(s('已报上级组织部门和纪检机关审核', 'Sent for consent'));
      void client.invalidateQueries({ queryKey: ['org-life', 'democratic-life', orgId, year] });
    },
  });
  const STATUS: Record<string, [string, string]> = {
    active: ['办理中', 'In progress'],
    completed: ['已召开', 'Held'],
    rejected: ['未同意', 'Not agreed'],
    withdrawn: ['已撤回', 'Withdrawn'],
    cancelled: ['已取消', 'Cancelled'],
  };
  return (
    <Card
      size="small"
      style={{ marginTop: 24 }}
      title={s(`${year}年度民主生活会（领导班子）`, `Democratic life meeting ${year} (leadership team)`)}
      data-testid="democratic-life"
    >
      <ProblemAlert error={cases.error} />
      {(cases.data?.items ?? []).map((c) => (
        <Space key={c.caseId} style={{ marginBottom: 8 }}>
          <Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</Link>
          <Tag>{s(...(STATUS[c.status] ?? [c.status, c.status]))}</Tag>
          <span>
            {c.heldOn ? s(`${c.heldOn}召开，整改${c.items}项`, `held ${c.heldOn}, ${c.items} items`) : c.stage}
          </span>
        </Space>
      ))}
      <Form form={form} layout="inline" onFinish={(v) => start.mutate(v)} style={{ marginTop: 8 }}>
        <Form.Item name="topic" label={s('会议主题', 'Topic')} rules={[{ required: true }]}>
          <Input aria-label={s('会议主题', 'Topic')} style={{ width: 320 }} />
        </Form.Item>
        <Form.Item name="plannedDate" label={s('召开日期', 'Date')} rules={[{ required: true }]} {...dateItemProps}>
          <DateInput aria-label={s('民主生活会召开日期', 'Meeting date')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={start.isPending}>
          {s('报上级审核主题和时间', 'Propose topic and date')}
        </Button>
      </Form>
      <div style={{ marginTop: 8 }}>
        <ProblemAlert error={start.error} />
      </div>
    </Card>
  );
}

/**
 * 述职评议 (RULES §F, 机关条例2019 Art. 39): the secretary files the year's written report; the upper organization hears
 * and appraises it from its inbox. The grade scale is the policy's, as the API lists it.
 */
function SecretaryReportCard({ orgId, year }: { orgId: string; year: number }) {
  const { locale } = useI18n();
  const s = (zh: string, en: string) => say(locale, zh, en);
  const client = useQueryClient();
  const reports = useSecretaryReports(orgId, year);
  const [text, setText] = useState('');
  const file = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orgs/{orgId}/secretary-report/{year}', {
          params: { path: { orgId, year: String(year) } },
          body: { report: text },
        }),
      ),
    onSuccess: () => {
      setText('');
      void message.success(s('述职报告已报上级党组织评议', 'Report filed for appraisal'));
      void client.invalidateQueries({ queryKey: ['org-life', 'secretary-report', orgId, year] });
      void client.invalidateQueries({ queryKey: ['org-life', orgId, year] });
    },
  });
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={s(`${year}年度书记述职评议`, `Secretary's report ${year}`)}
      data-testid="secretary-report"
    >
      <ProblemAlert error={reports.error} />
      {(reports.data?.items ?? []).map((r) => (
        <Space key={r.caseId} style={{ marginBottom: 8 }}>
          <Link to={`/cases/${encodeURIComponent(r.caseId)}`}>{r.caseId}</Link>
          <span>{r.reportedOn}</span>
          {r.grade ? (
            <Tag color="blue">{s(`评议：${r.gradeName ?? r.grade}`, `Appraised: ${r.gradeNameEn ?? r.grade}`)}</Tag>
          ) : (
            <Tag>{s('待评议', 'Awaiting appraisal')}</Tag>
          )}
          {r.rectifyBy ? <Tag color="red">{s(`限${r.rectifyBy}前整改`, `Rectify by ${r.rectifyBy}`)}</Tag> : null}
        </Space>
      ))}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          rows={3}
          aria-label={s('述职报告', 'Written report')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Button type="primary" loading={file.isPending} onClick={() => file.mutate()}>
          {s('向上级党组织述职', 'File the report')}
        </Button>
        <ProblemAlert error={file.error} />
      </Space>
    </Card>
  );
}
