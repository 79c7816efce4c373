import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link, NavLink, Navigate, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { ErrorNotice, Loading } from '../components/States';
import { ViewerDocument } from '../generated/graphql';
import { rememberStudio } from '../lib/storage';
import { isUnauthenticated } from './apollo';
import { signInPath, signOut } from './session';

/** The signed-in frame: header with the studio switcher and account links, then the page. */
export function AppShell() {
  const location = useLocation();
  const navigate = useNavigate();
  const client = useApolloClient();
  const { data, error, loading, refetch } = useQuery(ViewerDocument);
  const studioMatch = useMatch('/studios/:studioId/*');
  const studioId = studioMatch?.params.studioId;
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string>();

  useEffect(() => {
    if (studioId && data?.viewer.studios.some((s) => s.id === studioId))
      rememberStudio(data.viewer.id, studioId);
  }, [studioId, data]);

  // The BFF sends failed sign-ins back to /?authError=<reason>: show it on the sign-in page.
  const authError = new URLSearchParams(location.search).get('authError');
  if (authError) return <Navigate to={`/sign-in?authError=${encodeURIComponent(authError)}`} replace />;

  if (!data) {
    if (error && isUnauthenticated(error)) {
      return <Navigate to={signInPath(location.pathname + location.search)} replace />;
    }
    if (error) {
      return (
        <main className="center-page">
          <ErrorNotice error={error} title="The portal could not load" onRetry={() => void refetch()} />
        </main>
      );
    }
    return <main className="center-page">{loading && <Loading label="Loading your account…" />}</main>;
  }

  const viewer = data.viewer;
  const studios = viewer.studios;
  const current = studios.find((s) => s.id === studioId);

  const onSignOut = async () => {
    setSigningOut(true);
    setSignOutError(undefined);
    try {
      await signOut();
      await client.clearStore();
      void navigate('/sign-in', { replace: true });
    } catch (e) {
      setSignOutError(e instanceof Error ? e.message : 'Sign-out failed');
      setSigningOut(false);
    }
  };

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label="Game Telemetry home">
            <span className="brand-mark" aria-hidden="true" />
            Game Telemetry
          </Link>
          <div className="studio-switcher">
            <label htmlFor="studio-switcher" className="visually-hidden">
              Current studio
            </label>
            <select
              id="studio-switcher"
              className="input select select-compact"
              value={current ? current.id : ''}
              onChange={(e) => void navigate(e.target.value ? `/studios/${e.target.value}` : '/studios')}
            >
              {!current && <option value="">{studios.length ? 'Choose a studio…' : 'No studio yet'}</option>}
              {studios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <Link to="/studios" className="topbar-link">
              All studios
            </Link>
          </div>
          {current && (
            <nav aria-label="Studio sections" className="topnav">
              <NavLink to={`/studios/${current.id}`} end className="topnav-link">
                Games
              </NavLink>
              <NavLink to={`/studios/${current.id}/settings`} className="topnav-link">
                Members &amp; settings
              </NavLink>
            </nav>
          )}
          <div className="topbar-account">
            <NavLink to="/tokens" className="topnav-link">
              API tokens
            </NavLink>
            <span className="account-name" title={viewer.email}>
              {viewer.name || viewer.email}
            </span>
            <button type="button" className="button button-ghost" onClick={onSignOut} disabled={signingOut}>
              {signingOut ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
        {signOutError && (
          <p className="form-error topbar-error" role="alert">
            {signOutError}
          </p>
        )}
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
