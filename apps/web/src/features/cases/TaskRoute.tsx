import { useParams } from 'react-router';
import { Result, Spin } from 'antd';
import { ApiError } from '../../api/errors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { CaseDetail } from './CasePage';
import { useTask } from './case.queries';

/** `/tasks/<id>` (the link of notification mails): the task's case with its decision panel. */
export default function TaskRoute() {
  const { taskId } = useParams();
  const { t, problemText } = useI18n();
  const task = useTask(taskId);
  if (task.isLoading) return <Spin />;
  if (task.error instanceof ApiError && (task.error.status === 404 || task.error.status === 403)) {
    return (
      <Result
        status={task.error.status === 404 ? '404' : '403'}
        title={task.error.status === 404 ? t('error.notFound') : t('error.forbidden')}
        subTitle={problemText(task.error.problem)}
      />
    );
  }
  if (task.error || !task.data) return <ProblemAlert error={task.error} />;
  return <CaseDetail caseId={task.data.caseId} taskId={task.data.taskId} mayAct={task.data.mayAct} />;
}
