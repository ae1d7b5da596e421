import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Grid,
  Input,
  Modal,
  Result,
  Row,
  Space,
  Spin,
  Timeline,
  Typography,
} from 'antd';
import { ApiError } from '../../api/errors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { DueTag, ProcedureLabel, StatusTag } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { formatInstant } from '../../lib/dates';
import { settlesIntent, useIdempotencyKey } from '../../lib/idempotency';
import { useBodyNames, useMe, useNames } from '../../lib/lookups';
import { AdmissionProgress } from '../admission/AdmissionProgress';
import { Attachments } from './Attachments';
import { DecisionPanel, NotYours } from './DecisionPanel';
import { useCase, useCaseCommand, type CaseView } from './case.queries';
import type { MessageKey } from '../../i18n/zh-CN';
import { EVENT_LABELS } from '../../i18n/events';

const ADMISSION_STEPS = Array.from({ length: 25 }, (_, i) => `E${i + 1}`);

/** A case with its header, pending tasks, timeline and attachments; with `taskId`, the decision panel of that task. */
export function CaseDetail({ caseId, taskId, mayAct }: { caseId: string; taskId?: string; mayAct?: boolean }) {
  const { t, pick, locale, problemText } = useI18n();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg ?? true;
  const view = useCase(caseId);
  const me = useMe();
  const bodyName = useBodyNames();
  const c = view.data;
  const names = useNames([c?.submittedBy, ...(c?.timeline ?? []).map((e) => e.actorId)]);

  if (view.isLoading) return <Spin />;
  if (view.error instanceof ApiError && view.error.status === 403) {
    return <Result status="403" title={t('error.forbidden')} subTitle={problemText(view.error.problem)} />;
  }
  if (view.error || !c) return <ProblemAlert error={view.error} />;

  const task = taskId ? c.pendingTasks.find((p) => p.taskId === taskId) : undefined;
  const isAdmin = (me.data?.adminOrgIds ?? []).some((id) => c.orgPath.includes(id));
  const electionStarted = typeof c.data.electionWorkflowId === 'string';
  const attachmentSteps =
    c.procedure === 'admission'
      ? ADMISSION_STEPS
      : [...new Set([...c.timeline.map((e) => e.step), c.stage])].filter((s) => /^[A-Z]\d+/.test(s));

  const decision = taskId ? (
    task && mayAct ? (
      <DecisionPanel caseView={c} taskId={taskId} />
    ) : task ? (
      <NotYours />
    ) : (
      <Alert type="info" showIcon title={t('decision.closed')} />
    )
  ) : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, wordBreak: 'break-word' }}>
        {task ? pick(task.title, task.titleEn) : c.title}
      </Typography.Title>
      <Card title={t('case.header')} size="small">
        <Descriptions column={wide ? 2 : 1} size="small">
          <Descriptions.Item label={t('case.id')}>
            <Typography.Text copyable data-testid="case-id">
              {c.caseId}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.procedure')}>
            <ProcedureLabel procedure={c.procedure} />
          </Descriptions.Item>
          <Descriptions.Item label={t('case.org')}>{bodyName(c.orgId)}</Descriptions.Item>
          <Descriptions.Item label={t('case.stage')}>{c.stage}</Descriptions.Item>
          <Descriptions.Item label={t('case.status')}>
            <span data-testid="case-status">
              <StatusTag status={c.status} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.due')}>
            <DueTag dueAt={task?.dueAt ?? c.pendingTasks[0]?.dueAt ?? null} open={c.status === 'active'} />
          </Descriptions.Item>
          <Descriptions.Item label={t('case.submittedBy')}>{names(c.submittedBy)}</Descriptions.Item>
          <Descriptions.Item label={t('case.submittedAt')}>{formatInstant(c.submittedAt, locale)}</Descriptions.Item>
          {c.closeReason ? <Descriptions.Item label={t('case.closeReason')}>{c.closeReason}</Descriptions.Item> : null}
        </Descriptions>
        <Space wrap style={{ marginTop: 8 }}>
          {electionStarted ? (
            <Link to={`/cases/${encodeURIComponent(c.caseId)}/election`}>
              <Button type="primary">{t('case.election')}</Button>
            </Link>
          ) : null}
          {c.status === 'active' && me.data?.userId === c.submittedBy ? <WithdrawButton caseId={c.caseId} /> : null}
          {c.status === 'active' && isAdmin ? <CancelButton caseId={c.caseId} /> : null}
          {isAdmin ? (
            <a href={c.webUiUrl} target="_blank" rel="noreferrer">
              {t('case.temporal')}
            </a>
          ) : null}
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        {/* on a phone the decision comes first, right under the case header */}
        <Col xs={{ span: 24, order: 2 }} lg={{ span: decision ? 14 : 24, order: 1 }}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {c.pendingTasks.length ? (
              <Card title={t('case.pending')} size="small">
                <ul style={{ paddingLeft: 18, margin: 0 }}>
                  {c.pendingTasks.map((p) => (
                    <li key={p.taskId}>
                      <Link to={`/tasks/${encodeURIComponent(p.taskId)}`}>
                        {p.step} · {pick(p.title, p.titleEn)}
                      </Link>{' '}
                      — {bodyName(p.assignedBodyId)}
                    </li>
                  ))}
                </ul>
              </Card>
            ) : null}
            {c.procedure === 'admission' ? <AdmissionProgress caseView={c} /> : null}
            <CaseTimeline c={c} names={names} />
            <Attachments caseId={c.caseId} steps={attachmentSteps} defaultStep={task?.step.replace(/-PG$/, '')} />
          </Space>
        </Col>
        {decision ? (
          <Col xs={{ span: 24, order: 1 }} lg={{ span: 10, order: 2 }}>
            <div style={wide ? { position: 'sticky', top: 16 } : undefined}>{decision}</div>
          </Col>
        ) : null}
      </Row>
    </Space>
  );
}

function CaseTimeline({ c, names }: { c: CaseView; names: (id: string | null | undefined) => string }) {
  const { t, locale, pick } = useI18n();
  const entries = [...c.timeline].reverse();
  return (
    <Card title={t('case.timeline')} size="small" data-testid="timeline">
      {entries.length === 0 ? <Typography.Text>{t('case.noTimeline')}</Typography.Text> : null}
      <Timeline
        items={entries.map((e, i) => ({
          key: `${e.at}-${i}`,
          content: (
            <div style={{ wordBreak: 'break-word' }}>
              <div>
                <strong>{e.step}</strong> · {EVENT_LABELS[e.event] ? pick(...EVENT_LABELS[e.event]!) : e.event}
                {e.outcome ? ` · ${e.outcome in OUTCOME_KEYS ? t(OUTCOME_KEYS[e.outcome]!) : e.outcome}` : ''}
              </div>
              <div style={{ color: '#666', fontSize: 12 }}>
                {e.actorId ? `${t('timeline.who')}：${names(e.actorId)} · ` : ''}
                {formatInstant(e.at, locale)}
              </div>
              {e.comment ? <div>{e.comment}</div> : null}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

const OUTCOME_KEYS: Record<string, MessageKey> = {
  approve: 'outcome.approve',
  reject: 'outcome.reject',
  return: 'outcome.return',
  submit: 'outcome.submit',
};

function WithdrawButton({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const withdraw = useCaseCommand(caseId, 'withdraw');
  const idem = useIdempotencyKey();
  return (
    <>
      <Button
        loading={withdraw.isPending}
        onClick={() => {
          void modal.confirm({
            title: t('case.withdrawConfirm'),
            onOk: () =>
              withdraw.mutateAsync({ key: idem.key() }).then(idem.settle, (e: unknown) => {
                if (settlesIntent(e)) idem.settle();
              }),
          });
        }}
      >
        {t('case.withdraw')}
      </Button>
      <ProblemAlert error={withdraw.error} />
    </>
  );
}

function CancelButton({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const cancel = useCaseCommand(caseId, 'cancel');
  const idem = useIdempotencyKey();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t('case.cancel')}
      </Button>
      <Modal
        open={open}
        title={t('case.cancelTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim(), loading: cancel.isPending, danger: true }}
        onCancel={() => setOpen(false)}
        onOk={() => {
          cancel.mutate(
            { key: idem.key(), reason: reason.trim() },
            {
              onSuccess: () => {
                idem.settle();
                setOpen(false);
              },
              onError: (e) => {
                if (settlesIntent(e)) idem.settle();
              },
            },
          );
        }}
      >
        <label htmlFor="cancel-reason">{t('case.cancelReason')}</label>
        <Input.TextArea id="cancel-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        <ProblemAlert error={cancel.error} />
      </Modal>
    </>
  );
}

export default function CasePage() {
  const { caseId } = useParams();
  return <CaseDetail caseId={decodeURIComponent(caseId!)} />;
}
