import { Button, Result } from 'antd';
import { useRouteError } from 'react-router';
import { useI18n } from '../i18n/i18n';

/** A chunk that no longer exists after a deploy ("Failed to fetch dynamically imported module") asks for a reload. */
export function RouteError() {
  const error = useRouteError() as Error | undefined;
  const { t } = useI18n();
  const stale = /dynamically imported module|Importing a module script failed/i.test(error?.message ?? '');
  return (
    <Result
      status={stale ? 'info' : 'error'}
      title={stale ? t('common.reload') : t('error.title')}
      subTitle={stale ? undefined : error?.message}
      extra={<Button onClick={() => location.reload()}>{t('common.retry')}</Button>}
    />
  );
}
