import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { I18nProvider, loadEnglish } from '../i18n/i18n';
import { currentLocale } from '../i18n/locale-state';
import { queryClient } from '../lib/query-client';
import { router } from './router';
import { hasDevSession, waitForSignInSetup } from '../auth/session';
import { inboxTodoQuery } from '../features/inbox/inbox.queries';
import './global.css';

type AntdLocale = typeof zhCNLocale;

// Party red; links, status colours and secondary texts dark enough for WCAG AA contrast (antd's default 45 % black fails it on white).
const THEME = {
  token: {
    colorPrimary: '#c8102e',
    colorLink: '#0b57d0',
    colorInfo: '#0b57d0',
    colorError: '#c5221f',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    // dark status colours on light backgrounds (the derived ones would be dark too)
    colorSuccessBg: '#f0f9eb',
    colorSuccessBorder: '#b7eb8f',
    colorInfoBg: '#e8f0fe',
    colorInfoBorder: '#aecbfa',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffccc7',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
  },
};

function Root({ initialAntd }: { initialAntd: AntdLocale | null }) {
  const [antdLocale, setAntdLocale] = useState<AntdLocale>(initialAntd ?? zhCNLocale);
  const onAntdLocale = useCallback((l: unknown) => setAntdLocale((l as AntdLocale | null) ?? zhCNLocale), []);
  return (
    <StrictMode>
      <ConfigProvider locale={antdLocale} theme={THEME} button={{ autoInsertSpace: false }}>
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <I18nProvider onAntdLocale={onAntdLocale}>
              <RouterProvider router={router} />
            </I18nProvider>
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </StrictMode>
  );
}

async function boot(): Promise<void> {
  document.documentElement.lang = currentLocale();
  dayjs.locale(currentLocale() === 'en-US' ? 'en' : 'zh-cn');
  let initialAntd: AntdLocale | null = null;
  if (currentLocale() === 'en-US') initialAntd = (await loadEnglish()).antd as AntdLocale;
  // The sign-in configuration loads beside the first render; an OpenID Connect session waits for its client there
  // (auth/session.ts) instead of the whole page waiting for it.
  const config = fetch('/api/console-config')
    .then(
      (r) =>
        r.json() as Promise<{ authMode: string; oidc: { issuer: string; clientId: string; scope: string } | null }>,
    )
    .then(async (c) => {
      queryClient.setQueryData(['console-config'], c);
      if (c.oidc) (await import('../auth/oidc')).oidcManager(c.oidc);
    });
  waitForSignInSetup(config);
  // The inbox is the usual first page: its chunk and its list start loading now, not after the router resolves it.
  if (location.pathname === '/' || location.pathname === '/inbox') {
    void import('../features/inbox/InboxPage');
    if (!location.search && hasDevSession()) void queryClient.prefetchQuery(inboxTodoQuery({}));
  }
  createRoot(document.getElementById('root')!).render(<Root initialAntd={initialAntd} />);
}

void boot();
