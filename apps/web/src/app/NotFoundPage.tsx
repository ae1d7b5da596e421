import { Result } from 'antd';
import { useI18n } from '../i18n/i18n';

export default function NotFoundPage() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('error.notFound')} />;
}
