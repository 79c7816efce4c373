import { useQuery } from '@apollo/client/react';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import { Badge } from '../components/Badge';
import { ErrorNotice, Loading } from '../components/States';
import { GameHeaderDocument } from '../generated/graphql';
import { hasCode } from '../lib/errors';
import { NotFoundPage } from './NotFoundPage';

/** The frame of a game: its name, breadcrumbs and the tabs Dashboard / Clients & keys / Alerts. */
export function GameLayout() {
  const { studioId = '', gameId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(GameHeaderDocument, { variables: { studioId, gameId } });
  if (!data && error && hasCode(error, 'NOT_FOUND')) return <NotFoundPage what="game" />;
  if (!data && error) {
    return (
      <div className="page">
        <ErrorNotice error={error} onRetry={() => void refetch()} />
      </div>
    );
  }
  if (!data) return <div className="page">{loading && <Loading />}</div>;
  const base = `/studios/${studioId}/games/${gameId}`;
  return (
    <div className="page">
      <header className="page-header">
        <nav aria-label="Breadcrumb" className="breadcrumbs">
          <Link to={`/studios/${studioId}`}>{data.studio.name}</Link>
          <span aria-hidden="true"> / </span>
          <span aria-current="page">{data.game.name}</span>
        </nav>
        <div className="page-header-row">
          <h1 className="page-title">
            {data.game.name} {data.game.archivedAt && <Badge>Archived</Badge>}
          </h1>
        </div>
        <nav aria-label="Game" className="subnav">
          <NavLink to={base} end className="subnav-link">
            Dashboard
          </NavLink>
          <NavLink to={`${base}/clients`} className="subnav-link">
            Clients &amp; keys
          </NavLink>
          <NavLink to={`${base}/alerts`} className="subnav-link">
            Alerts
          </NavLink>
        </nav>
      </header>
      <Outlet />
    </div>
  );
}
