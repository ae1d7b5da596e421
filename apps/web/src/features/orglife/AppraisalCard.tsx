import { useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { DateInput, dateItemProps } from '../../components/DateField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { todayInChina } from '../../lib/dates';
import {
  useAppraisalFilings,
  useAppraisalFollowUps,
  useAppraisals,
  useRoster,
  type AppraisalGrade,
  type AppraisalItem,
} from './orglife.queries';

const GRADES: AppraisalGrade[] = ['excellent', 'qualified', 'basicallyQualified', 'unqualified'];
const GRADE_COLOR: Record<string, string> = {
  excellent: 'green',
  qualified: 'blue',
  basicallyQualified: 'orange',
  unqualified: 'red',
};

interface Member {
  personId: string;
  name: string;
}

interface AssessForm {
  assessedOn: string;
  present: number;
  excellent: number;
  qualified: number;
  basicallyQualified: number;
  unqualified: number;
  selfAssessment: string;
}

/**
 * 民主评议党员 (RULES §F) on the org-life page: each member's self-assessment and mutual appraisal, then the committee's
 * grade, the results filed with the upper organization, and a 不合格 member's follow-up (improving, organizational
 * handling due, improved). The console applies no rule: every refusal is the API's, shown as it says it.
 */
export function AppraisalCard({ orgId, year }: { orgId: string; year: number }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const today = todayInChina();
  const asOf = today < `${year}-01-01` ? `${year}-01-01` : today > `${year}-12-31` ? `${year}-12-31` : today;
  const appraisals = useAppraisals(orgId, year);
  const roster = useRoster(orgId, asOf);
  const followUps = useAppraisalFollowUps(orgId);
  const received = useAppraisalFilings(orgId, year);
  const [assessing, setAssessing] = useState<Member | null>(null);
  const [grading, setGrading] = useState<Member | null>(null);
  const [improving, setImproving] = useState<(Member & { year: number }) | null>(null);
  const [note, setNote] = useState('');
  const invalidate = () => {
    void client.invalidateQueries({ queryKey: ['org-life', 'appraisals', orgId, year] });
    void client.invalidateQueries({ queryKey: ['org-life', 'appraisal-follow-ups', orgId] });
  };
  const file = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orgs/{orgId}/org-life/{year}/appraisals/filing', {
          params: { path: { orgId, year: String(year) } },
          body: note.trim() ? { note: note.trim() } : {},
        }),
      ),
    onSuccess: () => {
      setNote('');
      void message.success(t('appraisal.filedDone'));
      invalidate();
    },
  });

  /** a change to the year: the lists again, and a filing refusal no longer stands */
  const refresh = () => {
    file.reset();
    invalidate();
  };

  const data = appraisals.data;
  const byPerson = new Map((data?.items ?? []).map((i) => [i.personId, i]));
  const members: Member[] = (roster.data?.members ?? []).map((m) => ({ personId: m.personId, name: m.name }));
  // graded members who have since left still show with their grade
  for (const i of data?.items ?? []) {
    if (!members.some((m) => m.personId === i.personId)) members.push({ personId: i.personId, name: i.personId });
  }
  const filed = !!data?.filing;
  const due = (followUps.data?.items ?? []).filter((f) => f.status === 'handlingDue');

  return (
    <Card size="small" style={{ marginTop: 16 }} title={t('appraisal.title', { year })} data-testid="member-appraisal">
      <ProblemAlert error={appraisals.error ?? roster.error} />
      {due.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('appraisal.dueList')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {due.map((f) => (
                <li key={`${f.year}:${f.personId}`}>
                  {t('appraisal.dueItem', { name: f.name, year: f.year, improveBy: f.improveBy })}{' '}
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setImproving({ personId: f.personId, name: f.name, year: f.year })}
                  >
                    {t('appraisal.improve')}
                  </Button>
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {data ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <span>
            {t('appraisal.summary', {
              members: data.members,
              graded: data.members - data.ungraded.length,
              ungraded: data.ungraded.length,
            })}
          </span>
          {data.filing ? (
            <Tag color="green">{t('appraisal.filed', { filedOn: data.filing.filedOn })}</Tag>
          ) : (
            <Tag>{t('appraisal.notFiled')}</Tag>
          )}
        </Space>
      ) : null}
      <Table
        rowKey="personId"
        size="small"
        loading={appraisals.isLoading || roster.isLoading}
        dataSource={members}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('appraisal.name'), dataIndex: 'name', width: 110 },
          {
            title: t('appraisal.self'),
            key: 'self',
            width: 220,
            render: (_, m) => (
              <Typography.Text ellipsis style={{ maxWidth: 210 }}>
                {byPerson.get(m.personId)?.selfAssessment ?? ''}
              </Typography.Text>
            ),
          },
          {
            title: t('appraisal.votes'),
            key: 'votes',
            width: 170,
            render: (_, m) => {
              const item = byPerson.get(m.personId);
              if (!item?.votes) return <Tag>{t('appraisal.notAssessed')}</Tag>;
              const v = GRADES.map((g) => item.votes?.[g] ?? 0).join('/');
              return item.present === null ? v : `${v}（${item.present}）`;
            },
          },
          {
            title: t('appraisal.grade'),
            key: 'grade',
            width: 100,
            render: (_, m) => {
              const grade = byPerson.get(m.personId)?.grade;
              return grade ? (
                <Tag color={GRADE_COLOR[grade]}>{t(`appraisal.grade.${grade}` as MessageKey)}</Tag>
              ) : (
                <Tag>{t('appraisal.notGraded')}</Tag>
              );
            },
          },
          {
            title: t('appraisal.followUp'),
            key: 'followUp',
            width: 200,
            render: (_, m) => <FollowUpTag item={byPerson.get(m.personId)} />,
          },
          {
            title: t('appraisal.actions'),
            key: 'actions',
            width: 260,
            render: (_, m) => {
              const item = byPerson.get(m.personId);
              return (
                <Space>
                  {!filed ? (
                    <>
                      <Button size="small" onClick={() => setAssessing(m)}>
                        {t('appraisal.assess')}
                      </Button>
                      <Button size="small" type="primary" onClick={() => setGrading(m)}>
                        {t('appraisal.gradeIt')}
                      </Button>
                    </>
                  ) : null}
                  {item?.followUpStatus === 'improving' || item?.followUpStatus === 'handlingDue' ? (
                    <Button size="small" onClick={() => setImproving({ ...m, year })}>
                      {t('appraisal.improve')}
                    </Button>
                  ) : null}
                </Space>
              );
            },
          },
        ]}
      />
      {data && !filed ? (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Input.TextArea
            rows={2}
            aria-label={t('appraisal.fileNote')}
            placeholder={t('appraisal.fileNote')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button type="primary" loading={file.isPending} onClick={() => file.mutate()}>
            {t('appraisal.file')}
          </Button>
          <ProblemAlert error={file.error} />
        </Space>
      ) : null}
      {(received.data?.items.length ?? 0) > 0 ? (
        <div style={{ marginTop: 12 }} data-testid="appraisal-filings-received">
          <Typography.Text strong>{t('appraisal.received', { year })}</Typography.Text>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {received.data!.items.map((f) => (
              <li key={f.orgId}>
                {t('appraisal.receivedItem', { orgName: f.orgName, members: f.members, filedOn: f.filedOn })}{' '}
                {GRADES.map((g) => `${t(`appraisal.grade.${g}` as MessageKey)} ${f.gradeCounts[g] ?? 0}`).join(' · ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {assessing ? (
        <AssessDrawer
          orgId={orgId}
          year={year}
          member={assessing}
          item={byPerson.get(assessing.personId)}
          onClose={() => setAssessing(null)}
          onDone={refresh}
        />
      ) : null}
      {grading ? (
        <GradeDrawer orgId={orgId} year={year} member={grading} onClose={() => setGrading(null)} onDone={refresh} />
      ) : null}
      {improving ? (
        <ImproveDrawer
          orgId={orgId}
          year={improving.year}
          member={improving}
          onClose={() => setImproving(null)}
          onDone={refresh}
        />
      ) : null}
    </Card>
  );
}

function FollowUpTag({ item }: { item: AppraisalItem | undefined }) {
  const { t } = useI18n();
  const improveBy = String(item?.followUp?.improveBy ?? '');
  switch (item?.followUpStatus) {
    case 'improving':
      return <Tag color="orange">{t('appraisal.improving', { improveBy })}</Tag>;
    case 'handlingDue':
      return <Tag color="red">{t('appraisal.handlingDue', { improveBy })}</Tag>;
    case 'improved':
      return <Tag color="green">{t('appraisal.improved', { improvedOn: item.improvedOn ?? '' })}</Tag>;
    default:
      return null;
  }
}

interface DrawerProps {
  orgId: string;
  year: number;
  member: Member;
  onClose(): void;
  onDone(): void;
}

function defaultDay(year: number): string {
  const today = todayInChina();
  return today.startsWith(String(year)) ? today : `${year}-12-31`;
}

/** One member's form in a drawer: sent once per click, closed on success, the API's refusal shown above the button. */
function DrawerForm<V extends object>(props: {
  title: string;
  width: number;
  initialValues: Partial<V>;
  send(values: V): Promise<unknown>;
  onClose(): void;
  onDone(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const save = useMutation({
    mutationFn: props.send,
    onSuccess: () => {
      props.onDone();
      props.onClose();
    },
  });
  return (
    <Drawer open width={props.width} title={props.title} onClose={props.onClose}>
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={props.initialValues as never}
        onFinish={(v) => save.mutate(v)}
      >
        {props.children}
        <ProblemAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 8 }}>
          {t('appraisal.save')}
        </Button>
      </Form>
    </Drawer>
  );
}

function AssessDrawer(props: DrawerProps & { item: AppraisalItem | undefined }) {
  const { t } = useI18n();
  const item = props.item;
  const votes = (g: AppraisalGrade) => item?.votes?.[g] ?? 0;
  return (
    <DrawerForm<AssessForm>
      title={t('appraisal.assessTitle', { name: props.member.name })}
      width={480}
      onClose={props.onClose}
      onDone={props.onDone}
      send={(v) =>
        unwrap(
          api.PUT('/api/orgs/{orgId}/org-life/{year}/appraisals/{personId}/assessment', {
            params: { path: { orgId: props.orgId, year: String(props.year), personId: props.member.personId } },
            body: {
              assessedOn: v.assessedOn,
              selfAssessment: v.selfAssessment,
              present: v.present,
              votes: {
                excellent: v.excellent,
                qualified: v.qualified,
                basicallyQualified: v.basicallyQualified,
                unqualified: v.unqualified,
              },
            },
          }),
        )
      }
      initialValues={{
        assessedOn: item?.assessedOn ?? defaultDay(props.year),
        present: item?.present ?? undefined,
        excellent: votes('excellent'),
        qualified: votes('qualified'),
        basicallyQualified: votes('basicallyQualified'),
        unqualified: votes('unqualified'),
        selfAssessment: item?.selfAssessment ?? '',
      }}
    >
      <Form.Item name="selfAssessment" label={t('appraisal.self')} rules={[{ required: true }]}>
        <Input.TextArea rows={4} aria-label={t('appraisal.self')} />
      </Form.Item>
      <Form.Item name="assessedOn" label={t('appraisal.assessedOn')} rules={[{ required: true }]} {...dateItemProps}>
        <DateInput aria-label={t('appraisal.assessedOn')} />
      </Form.Item>
      <Form.Item name="present" label={t('appraisal.present')} rules={[{ required: true }]}>
        <InputNumber min={0} aria-label={t('appraisal.present')} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="excellent" label={t('appraisal.voteExcellent')} rules={[{ required: true }]}>
          <InputNumber min={0} aria-label={t('appraisal.voteExcellent')} />
        </Form.Item>
        <Form.Item name="qualified" label={t('appraisal.voteQualified')} rules={[{ required: true }]}>
          <InputNumber min={0} aria-label={t('appraisal.voteQualified')} />
        </Form.Item>
        <Form.Item name="basicallyQualified" label={t('appraisal.voteBasic')} rules={[{ required: true }]}>
          <InputNumber min={0} aria-label={t('appraisal.voteBasic')} />
        </Form.Item>
        <Form.Item name="unqualified" label={t('appraisal.voteUnqualified')} rules={[{ required: true }]}>
          <InputNumber min={0} aria-label={t('appraisal.voteUnqualified')} />
        </Form.Item>
      </Space>
    </DrawerForm>
  );
}

function GradeDrawer(props: DrawerProps) {
  const { t } = useI18n();
  return (
    <DrawerForm<{ decidedOn: string; grade: AppraisalGrade }>
      title={t('appraisal.gradeTitle', { name: props.member.name })}
      width={420}
      onClose={props.onClose}
      onDone={props.onDone}
      send={(v) =>
        unwrap(
          api.POST('/api/orgs/{orgId}/org-life/{year}/appraisals', {
            params: { path: { orgId: props.orgId, year: String(props.year) } },
            body: { decidedOn: v.decidedOn, grades: [{ personId: props.member.personId, grade: v.grade }] },
          }),
        )
      }
      initialValues={{ decidedOn: defaultDay(props.year) }}
    >
      <Form.Item name="grade" label={t('appraisal.grade')} rules={[{ required: true }]}>
        <Select
          aria-label={t('appraisal.grade')}
          options={GRADES.map((g) => ({ value: g, label: t(`appraisal.grade.${g}` as MessageKey) }))}
        />
      </Form.Item>
      <Form.Item name="decidedOn" label={t('appraisal.decidedOn')} rules={[{ required: true }]} {...dateItemProps}>
        <DateInput aria-label={t('appraisal.decidedOn')} />
      </Form.Item>
    </DrawerForm>
  );
}

function ImproveDrawer(props: DrawerProps) {
  const { t } = useI18n();
  return (
    <DrawerForm<{ improvedOn: string; note?: string }>
      title={t('appraisal.improveTitle', { name: props.member.name })}
      width={420}
      onClose={props.onClose}
      onDone={props.onDone}
      send={(v) =>
        unwrap(
          api.POST('/api/orgs/{orgId}/org-life/{year}/appraisals/{personId}/improvement', {
            params: { path: { orgId: props.orgId, year: String(props.year), personId: props.member.personId } },
            body: v.note?.trim() ? { improvedOn: v.improvedOn, note: v.note.trim() } : { improvedOn: v.improvedOn },
          }),
        )
      }
      initialValues={{ improvedOn: todayInChina() }}
    >
      <Form.Item name="improvedOn" label={t('appraisal.improvedOn')} rules={[{ required: true }]} {...dateItemProps}>
        <DateInput aria-label={t('appraisal.improvedOn')} />
      </Form.Item>
      <Form.Item name="note" label={t('appraisal.improvementNote')}>
        <Input.TextArea rows={3} aria-label={t('appraisal.improvementNote')} />
      </Form.Item>
    </DrawerForm>
  );
}
