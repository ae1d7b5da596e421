import { useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Spin } from 'antd';
import { isSignedIn, onSessionChange } from './session';

/** Pages behind sign-in: without a session, to /sign-in with the page to come back to. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  useEffect(() => {
    const check = () => void isSignedIn().then(setSignedIn);
    check();
    return onSessionChange(check);
  }, []);
  if (signedIn === null) return <Spin />;
  if (!signedIn) {
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return <>{children}</>;
}
