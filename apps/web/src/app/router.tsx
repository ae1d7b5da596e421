import { Navigate, createBrowserRouter } from 'react-router';
import { RequireAuth } from '../auth/RequireAuth';
import { AppShell } from '../layout/AppShell';
import { RouteError } from './RouteError';

// Every page loads lazily: the first load carries the shell, the inbox comes with its own chunk (console-notes §9).
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const router = createBrowserRouter([
  { path: '/sign-in', lazy: page(() => import('../auth/SignInRoute')), errorElement: <RouteError /> },
  { path: '/auth/callback', lazy: page(() => import('../auth/CallbackRoute')), errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/inbox" replace /> },
      { path: 'inbox', lazy: page(() => import('../features/inbox/InboxPage')) },
      { path: 'tasks/:taskId', lazy: page(() => import('../features/cases/TaskRoute')) },
      { path: 'cases/:caseId', lazy: page(() => import('../features/cases/CasePage')) },
      { path: 'cases/:caseId/election', lazy: page(() => import('../features/election/ElectionPage')) },
      { path: 'start/establishment', lazy: page(() => import('../features/start/EstablishmentStartPage')) },
      { path: 'start/admission', lazy: page(() => import('../features/start/AdmissionStartPage')) },
      { path: 'start/vacancy', lazy: page(() => import('../features/start/VacancyStartPage')) },
      { path: 'start/term-shift', lazy: page(() => import('../features/start/TermShiftStartPage')) },
      { path: 'admin/cases', lazy: page(() => import('../features/admin/CaseListPage')) },
      { path: 'admin/terms', lazy: page(() => import('../features/admin/TermStatesPage')) },
      { path: 'admin/orgs', lazy: page(() => import('../features/admin/OrgTreePage')) },
      { path: 'admin/dashboard', lazy: page(() => import('../features/reports/DashboardPage')) },
      { path: 'org-life', lazy: page(() => import('../features/orglife/OrgLifeYearPage')) },
      { path: 'org-life/:orgId', lazy: page(() => import('../features/orglife/OrgLifeYearPage')) },
      { path: 'admin/org-life', lazy: page(() => import('../features/orglife/OrgLifeCompliancePage')) },
      { path: '*', lazy: page(() => import('./NotFoundPage')) },
    ],
  },
]);
