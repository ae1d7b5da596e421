import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Space, Spin } from 'antd';
import { ApiError } from '../../api/errors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { applyFieldErrors } from '../../lib/form-errors';
import { settlesIntent, useIdempotencyKey } from '../../lib/idempotency';
import type { MessageKey } from '../../i18n/zh-CN';
import { SchemaFields, type FieldSchema } from './SchemaForm';
import { useDecide, useTaskForm, type CaseView, type DecisionBody } from './case.queries';

type Outcome = DecisionBody['outcome'];

/**
 * 审批 / 填报 of one task: the outcomes the API lists, the comment it requires, the step's payload form from its
 * schema. Each click carries the intent's Idempotency-Key, so a double click or a retry after a lost answer applies
 * once; refusals come back at the field (400) or above the buttons (422/403/409).
 */
export function DecisionPanel({ caseView, taskId }: { caseView: CaseView; taskId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const form$ = useTaskForm(caseView.caseId, taskId, true);
  const decide = useDecide(caseView.caseId);
  const idem = useIdempotencyKey();
  const [pending, setPending] = useState<Outcome | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const spec = form$.data;

  // A revision (C3) starts from the request as it stands.
  useEffect(() => {
    if (spec?.step === 'C3' && caseView.data.request)
      form.setFieldsValue({ payload: { request: caseView.data.request } });
  }, [spec?.step, caseView.data.request, form]);

  if (form$.isLoading) return <Spin />;
  if (form$.error) return <ProblemAlert error={form$.error} />;
  if (!spec) return null;

  const submit = async (outcome: Outcome) => {
    if (decide.isPending) return; // the same intent is already on its way (its key would be reused anyway)
    setProblem(null);
    let values: { comment?: string; payload?: Record<string, unknown> };
    try {
      values = outcome === 'approve' || outcome === 'submit' ? await form.validateFields() : form.getFieldsValue();
    } catch {
      return;
    }
    if (spec.commentRequiredFor.includes(outcome) && !values.comment?.trim()) {
      form.setFields([{ name: 'comment', errors: [t('decision.commentRequired')] }]);
      return;
    }
    const payload = spec.payloadSchema ? stripEmpty(values.payload ?? {}) : undefined;
    const body: DecisionBody = {
      outcome,
      ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
      ...(payload && Object.keys(payload).length ? { payload } : {}),
    };
    setPending(outcome);
    try {
      await decide.mutateAsync({ taskId, body, key: idem.key() });
      idem.settle();
      void message.success(t('decision.done', { outcome: t(`outcome.${outcome}` as MessageKey) }));
    } catch (error) {
      if (settlesIntent(error)) idem.settle();
      if (error instanceof ApiError && error.status === 400 && applyFieldErrors(form, error)) {
        setProblem(error);
      } else if (error instanceof ApiError && error.status === 409) {
        setProblem(error);
        void message.warning(t('decision.conflict'));
      } else {
        setProblem(error);
      }
    } finally {
      setPending(null);
    }
  };

  const buttons: { outcome: Outcome; primary?: boolean; danger?: boolean }[] = spec.outcomes.map((o) => ({
    outcome: o,
    primary: o === 'approve' || o === 'submit',
    danger: o === 'reject',
  }));

  return (
    <Card title={t('decision.title')} data-testid="decision-panel">
      <Form form={form} layout="vertical" onValuesChange={() => idem.settle()}>
        {spec.payloadSchema ? (
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend style={{ fontWeight: 500, marginBottom: 8 }}>{t('decision.payload')}</legend>
            <SchemaFields schema={spec.payloadSchema as FieldSchema} people={spec.people} base={['payload']} />
          </fieldset>
        ) : null}
        <Form.Item name="comment" label={t('decision.comment')}>
          <Input.TextArea rows={3} aria-label={t('decision.comment')} maxLength={2000} />
        </Form.Item>
      </Form>
      {problem ? (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={problem} />
        </div>
      ) : null}
      <Space wrap>
        {buttons.map((b) => (
          <Button
            key={b.outcome}
            type={b.primary ? 'primary' : 'default'}
            danger={b.danger}
            loading={pending === b.outcome}
            disabled={pending !== null && pending !== b.outcome}
            onClick={() => void submit(b.outcome)}
            data-outcome={b.outcome}
          >
            {t(`outcome.${b.outcome}` as MessageKey)}
          </Button>
        ))}
      </Space>
    </Card>
  );
}

export function NotYours() {
  const { t } = useI18n();
  return <Alert type="info" showIcon title={t('decision.notYours')} />;
}

/**
 * Optional fields left empty are not sent (the schema's optional, not an empty string), nor a group whose fields were
 * all left empty (the revision form's work project period: absent, not a period without dates).
 */
function stripEmpty(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const inner = stripEmpty(v as Record<string, unknown>);
      if (Object.keys(inner).length > 0) out[k] = inner;
      continue;
    }
    out[k] = v;
  }
  return out;
}
