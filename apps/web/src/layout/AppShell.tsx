import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { signOut } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { useMe } from '../lib/lookups';

const { Header, Sider, Content } = Layout;

/** Sider on wide screens, a left drawer with the same menu below `lg` (phones at 390 px). */
export function AppShell() {
  const { t, locale, setLocale } = useI18n();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg ?? true;
  const [open, setOpen] = useState(false);
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const roles = me.data?.roles ?? [];
  const isAdmin = roles.some((r) => r.role === 'admin');
  const isSubmitter = roles.some((r) => r.role === 'submitter') || isAdmin;

  const items: MenuProps['items'] = [
    { key: '/inbox', label: <Link to="/inbox">{t('nav.inbox')}</Link> },
    ...(isSubmitter
      ? [
          {
            key: 'start',
            label: t('nav.start'),
            type: 'group' as const,
            children: [
              {
                key: '/start/establishment',
                label: <Link to="/start/establishment">{t('nav.startEstablishment')}</Link>,
              },
              { key: '/start/admission', label: <Link to="/start/admission">{t('nav.startAdmission')}</Link> },
              { key: '/start/vacancy', label: <Link to="/start/vacancy">{t('nav.startVacancy')}</Link> },
              { key: '/start/term-shift', label: <Link to="/start/term-shift">{t('nav.startTermShift')}</Link> },
              { key: '/org-life', label: <Link to="/org-life">{t('nav.orgLife')}</Link> },
            ],
          },
        ]
      : []),
    ...(isAdmin
      ? [
          {
            key: 'admin',
            label: t('nav.admin'),
            type: 'group' as const,
            children: [
              { key: '/admin/cases', label: <Link to="/admin/cases">{t('nav.cases')}</Link> },
              { key: '/admin/terms', label: <Link to="/admin/terms">{t('nav.terms')}</Link> },
              { key: '/admin/orgs', label: <Link to="/admin/orgs">{t('nav.orgs')}</Link> },
              { key: '/admin/dashboard', label: <Link to="/admin/dashboard">{t('nav.dashboard')}</Link> },
              {
                key: '/admin/org-life',
                label: <Link to="/admin/org-life">{t('nav.orgLifeCompliance')}</Link>,
              },
            ],
          },
        ]
      : []),
  ];
  const selected = [
    (items ?? [])
      .flatMap((i) => (i && 'children' in i && i.children ? i.children : [i]))
      .map((i) => String(i?.key))
      .find((k) => location.pathname.startsWith(k)) ?? '/inbox',
  ];
  useFocusableScrollRegions();
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected}
      onClick={() => setOpen(false)}
      aria-label={t('nav.menu')}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">
        {t('shell.skip')}
      </a>
      {wide ? (
        <Sider width={220} theme="light" breakpoint="lg" style={{ borderRight: '1px solid #f0f0f0' }}>
          <div style={{ padding: 16, fontWeight: 600 }}>{t('appName')}</div>
          <nav>{menu}</nav>
        </Sider>
      ) : (
        <Drawer placement="left" open={open} onClose={() => setOpen(false)} title={t('appName')} size="default">
          <nav>{menu}</nav>
        </Drawer>
      )}
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 12px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
            gap: 8,
          }}
        >
          <Space>
            {!wide ? <Button icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setOpen(true)} /> : null}
            {!wide && screens.sm ? (
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {t('appName')}
              </Typography.Text>
            ) : null}
          </Space>
          <Space wrap={false}>
            <span
              data-testid="signed-in-user"
              style={{
                display: 'inline-block',
                maxWidth: wide ? 240 : 96,
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
                verticalAlign: 'middle',
                lineHeight: 'normal',
              }}
            >
              {me.data?.displayName ?? ''}
            </span>
            <Button
              size="small"
              aria-label={t('shell.languageLabel')}
              onClick={() => void setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
            >
              {t('shell.language')}
            </Button>
            <Button
              size="small"
              onClick={() => {
                void signOut().then(() => navigate('/sign-in'));
              }}
            >
              {t('shell.signOut')}
            </Button>
          </Space>
        </Header>
        <Content id="main" tabIndex={-1} style={{ padding: wide ? 24 : 8, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}

/**
 * Table scroll areas (antd renders them without a tab stop) get one, so keyboard users can scroll them (WCAG 2.1.1;
 * axe scrollable-region-focusable). Watches the page, since tables render and re-render at any time.
 */
function useFocusableScrollRegions(): void {
  useEffect(() => {
    const mark = () => {
      for (const el of document.querySelectorAll<HTMLElement>(
        '.ant-table-content, .ant-table-body, .ant-table-tbody-virtual-holder',
      )) {
        if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
      }
    };
    mark();
    const observer = new MutationObserver(mark);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
}
