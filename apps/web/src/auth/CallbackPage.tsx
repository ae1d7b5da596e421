import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Spin } from 'antd';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/i18n';
import { useConsoleConfig } from '../lib/lookups';

/** The OpenID Connect redirect target: exchanges the code (with the PKCE verifier) for tokens. */
export function CallbackPage() {
  const { t } = useI18n();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!config.data?.oidc) return;
    let done = false;
    void (async () => {
      try {
        const { oidcManager } = await import('./oidc');
        await oidcManager(config.data.oidc!).signinRedirectCallback();
        if (done) return;
        const next = sessionStorage.getItem('branchflow.next') ?? '/inbox';
        sessionStorage.removeItem('branchflow.next');
        void navigate(next, { replace: true });
      } catch (e) {
        setError(e);
      }
    })();
    return () => {
      done = true;
    };
  }, [config.data, navigate]);
  return (
    <main id="main" style={{ padding: 24 }}>
      {error ? <ProblemAlert error={error} /> : <Spin tip={t('signIn.callback')}>{t('signIn.callback')}</Spin>}
    </main>
  );
}
