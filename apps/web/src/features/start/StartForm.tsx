import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Card, Form, Typography, type FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/errors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { applyFieldErrors } from '../../lib/form-errors';
import { settlesIntent, useIdempotencyKey } from '../../lib/idempotency';

/**
 * A start form: submits once per intent, puts 400 field errors at their fields, and shows a 422 (the rule and its
 * numbers) at the field the rule concerns (`ruleField`) or above the button.
 */
export function StartForm<T extends object>({
  title,
  form,
  submit,
  children,
  ruleField,
  initialValues,
}: {
  title: string;
  form: FormInstance<T>;
  submit: (values: T, key: string) => Promise<{ caseId: string }>;
  children: ReactNode;
  /** the field a refusal belongs to: a name, or the path of a nested one (['workProject', 'end']) */
  ruleField?: (error: ApiError) => string | string[] | undefined;
  initialValues?: Partial<T>;
}) {
  const { t, problemText } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const idem = useIdempotencyKey();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const onFinish = async (values: T) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const result = await submit(values, idem.key());
      idem.settle();
      void message.success(t('start.done', { caseId: result.caseId }));
      void client.invalidateQueries({ queryKey: ['inbox'] });
      void navigate(`/cases/${encodeURIComponent(result.caseId)}`);
    } catch (e) {
      if (settlesIntent(e)) idem.settle();
      if (e instanceof ApiError && e.status === 400 && applyFieldErrors(form, e)) return;
      const field = e instanceof ApiError && e.status === 422 ? ruleField?.(e) : undefined;
      if (field && e instanceof ApiError) {
        const rule = e.problem.rule ? `（${e.problem.rule}）` : '';
        const numbers = Object.entries(e.problem.numbers ?? {})
          .filter(([, v]) => typeof v !== 'object')
          .map(([k, v]) => `${k} = ${String(v)}`)
          .join('，');
        form.setFields([
          { name: field as never, errors: [`${problemText(e.problem)}${rule}${numbers ? ` ${numbers}` : ''}`] },
        ]);
        form.scrollToField(field as never);
      }
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {title}
      </Typography.Title>
      <Form<T>
        form={form}
        layout="vertical"
        onFinish={(v) => void onFinish(v)}
        onValuesChange={() => idem.settle()}
        initialValues={initialValues}
        scrollToFirstError
        style={{ maxWidth: 760 }}
      >
        {children}
        {problem ? (
          <div style={{ marginBottom: 12 }}>
            <ProblemAlert error={problem} id="start-problem" />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.submit')}
        </Button>
      </Form>
    </Card>
  );
}
