import { Alert } from 'antd';
import { ApiError } from '../api/errors';
import { useI18n } from '../i18n/i18n';

/**
 * A refusal as the API said it, in the user's language: the message, the rule it cites and its numbers (422), or
 * the code (403/409). Never parses the prose.
 */
export function ProblemAlert({ error, id }: { error: unknown; id?: string }) {
  const { t, problemText } = useI18n();
  if (!error) return null;
  const problem =
    error instanceof ApiError
      ? error.problem
      : { code: 'ERROR', message: String((error as Error)?.message ?? error), statusCode: 0 };
  const numbers = Object.entries(problem.numbers ?? {}).filter(([, v]) => v !== null && typeof v !== 'object');
  return (
    <Alert
      id={id}
      type="error"
      showIcon
      role="alert"
      title={problemText(problem)}
      data-code={problem.code}
      description={
        problem.rule || numbers.length ? (
          <div>
            {problem.rule ? (
              <div>
                {t('error.rule')}：<strong data-testid="problem-rule">{problem.rule}</strong>（{problem.code}）
              </div>
            ) : null}
            {numbers.length ? (
              <div data-testid="problem-numbers">
                {t('error.numbers')}：{numbers.map(([k, v]) => `${k} = ${String(v)}`).join('，')}
              </div>
            ) : null}
          </div>
        ) : (
          <span>{problem.code}</span>
        )
      }
    />
  );
}
