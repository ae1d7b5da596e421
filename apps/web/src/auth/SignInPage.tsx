import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/i18n';
import { useConsoleConfig } from '../lib/lookups';
import type { MessageKey } from '../i18n/zh-CN';
import { signInWithDevToken } from './session';

/** Dev mode: the demo users with their roles (GET /api/auth/dev-users); production: the identity provider. */
export function SignInPage() {
  const { t, locale, setLocale } = useI18n();
  const config = useConsoleConfig();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const next = params.get('next') ?? '/inbox';
  const dev = config.data?.authMode === 'dev';
  const users = useQuery({
    queryKey: ['dev-users'],
    queryFn: () => unwrap(api.GET('/api/auth/dev-users')),
    enabled: dev,
  });

  const signIn = async (userId: string) => {
    setError(null);
    try {
      const token = await unwrap(api.POST('/api/auth/dev-token', { body: { userId } }));
      signInWithDevToken(token.accessToken);
      void navigate(next.startsWith('/') ? next : '/inbox', { replace: true });
    } catch (e) {
      setError(e);
    }
  };

  const signInOidc = async () => {
    if (!config.data?.oidc) return;
    const { oidcManager } = await import('./oidc');
    sessionStorage.setItem('branchflow.next', next);
    await oidcManager(config.data.oidc).signinRedirect();
  };

  return (
    <main id="main" style={{ maxWidth: 960, margin: '24px auto', padding: 8 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('appName')} · {t('signIn.title')}
        </Typography.Title>
        <Button
          aria-label={t('shell.languageLabel')}
          onClick={() => void setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
        >
          {t('shell.language')}
        </Button>
      </Space>
      {params.get('reason') === 'expired' ? <Alert type="warning" title={t('signIn.expired')} showIcon /> : null}
      <ProblemAlert error={error ?? config.error ?? users.error} />
      {config.data && !dev ? (
        <Card>
          <Typography.Paragraph>{t('signIn.oidcHint')}</Typography.Paragraph>
          <Button type="primary" size="large" onClick={() => void signInOidc()} disabled={!config.data.oidc}>
            {t('signIn.oidc')}
          </Button>
        </Card>
      ) : null}
      {dev ? (
        <Card title={t('signIn.devHint')}>
          <Table
            rowKey="userId"
            size="small"
            loading={users.isLoading}
            dataSource={users.data ?? []}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              {
                title: t('signIn.user'),
                key: 'user',
                render: (_: unknown, u) => (
                  <div>
                    <div>{u.displayName}</div>
                    <Typography.Text type="secondary">{u.userId}</Typography.Text>
                  </div>
                ),
              },
              {
                title: t('signIn.roles'),
                key: 'roles',
                render: (_: unknown, u) =>
                  u.roles.map((r) => (
                    <Tag key={`${r.role}@${r.at}`}>
                      {t(`role.${r.role}` as MessageKey)} @ {r.at}
                    </Tag>
                  )),
              },
              {
                title: t('signIn.as'),
                key: 'action',
                render: (_: unknown, u) => (
                  <Button
                    type="primary"
                    onClick={() => void signIn(u.userId)}
                    aria-label={`${t('signIn.as')} ${u.userId}`}
                  >
                    {t('signIn.as')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
    </main>
  );
}
