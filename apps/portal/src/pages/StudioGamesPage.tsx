import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Badge } from '../components/Badge';
import { ConfirmDialog, useConfirm } from '../components/ConfirmDialog';
import { DataTable } from '../components/DataTable';
import { TextField } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorNotice, FormError, Loading } from '../components/States';
import { Time } from '../components/Time';
import { RESTORED_KEYS_NOTE, RestoreGameDialog } from '../games/RestoreGameDialog';
import { ArchiveGameDocument, CreateGameDocument, StudioGamesDocument } from '../generated/graphql';
import { errorMessage, fieldProblems, hasCode } from '../lib/errors';
import { canManageGames } from '../lib/roles';
import { requiredName } from '../lib/validation';
import { NotFoundPage } from './NotFoundPage';

interface GameRef {
  id: string;
  name: string;
}

/** A studio's home: its games, with create, archive and restore for admins. */
export function StudioGamesPage() {
  const { studioId = '' } = useParams();
  const [showArchived, setShowArchived] = useState(false);
  const { data, previousData, loading, error, refetch } = useQuery(StudioGamesDocument, {
    variables: { studioId, includeArchived: showArchived },
  });
  const [archive, archiveState] = useMutation(ArchiveGameDocument);
  const [restoring, setRestoring] = useState<GameRef>();
  const [restored, setRestored] = useState<GameRef>();
  const archiving = useConfirm(archiveState, async (game: GameRef) => {
    await archive({ variables: { input: { studioId, gameId: game.id } } });
    if (restored?.id === game.id) setRestored(undefined);
    void refetch();
  });

  const shown = data ?? previousData;
  if (!shown && error && hasCode(error, 'NOT_FOUND')) return <NotFoundPage what="studio" />;
  const studio = shown?.studio;
  const manage = canManageGames(studio?.role);

  return (
    <div className="page">
      <PageHeader
        title={studio?.name ?? 'Studio'}
        subtitle="Games of this studio. Open one to see its dashboard, clients, API keys and alerts."
      />
      <div className="grid-main-side">
        <section className="card" aria-labelledby="games-title">
          <div className="card-header">
            <h2 id="games-title" className="card-title">
              Games
            </h2>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={showArchived}
                onChange={(e) => setShowArchived(e.target.checked)}
              />
              Show archived
            </label>
          </div>
          {restored && (
            <p className="notice notice-good" role="status">
              {restored.name} is restored. {RESTORED_KEYS_NOTE}{' '}
              <Link to={`/studios/${studioId}/games/${restored.id}/clients`}>Clients &amp; keys</Link>
            </p>
          )}
          {!shown && loading && <Loading />}
          {!shown && error && <ErrorNotice error={error} onRetry={() => void refetch()} />}
          {studio && studio.games.length === 0 && (
            <EmptyState title={showArchived ? 'No games' : 'No games yet'}>
              {manage
                ? 'Create your first game with the form on the right.'
                : 'An admin of this studio can add one.'}
            </EmptyState>
          )}
          {studio && studio.games.length > 0 && (
            <DataTable columns={['Name', 'Created', 'Status']} actions>
              {studio.games.map((g) => (
                <tr key={g.id}>
                  <td>
                    <Link to={`/studios/${studioId}/games/${g.id}`} className="strong-link">
                      {g.name}
                    </Link>
                  </td>
                  <td>
                    <Time value={g.createdAt} />
                  </td>
                  <td>
                    {g.archivedAt ? (
                      <Badge tone="neutral">Archived</Badge>
                    ) : (
                      <Badge tone="good">Active</Badge>
                    )}
                  </td>
                  <td className="actions-cell">
                    <Link to={`/studios/${studioId}/games/${g.id}/clients`} className="button button-small">
                      Clients &amp; keys
                    </Link>
                    {manage && (
                      // An archived game is restored, an active one archived.
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        onClick={() =>
                          g.archivedAt
                            ? setRestoring({ id: g.id, name: g.name })
                            : archiving.ask({ id: g.id, name: g.name })
                        }
                        aria-label={`${g.archivedAt ? 'Restore' : 'Archive'} ${g.name}`}
                      >
                        {g.archivedAt ? 'Restore' : 'Archive'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
        {manage && <CreateGameForm studioId={studioId} />}
      </div>
      {archiving.target && (
        <ConfirmDialog
          title={`Archive ${archiving.target.name}?`}
          confirmLabel="Archive game"
          danger
          {...archiving.dialog}
        >
          <p>
            Every API key of this game is revoked, so its clients can no longer send events. Its data stays
            readable on the dashboard.
          </p>
        </ConfirmDialog>
      )}
      {restoring && (
        <RestoreGameDialog
          studioId={studioId}
          game={restoring}
          onClose={() => setRestoring(undefined)}
          onRestored={() => {
            setRestored(restoring);
            setRestoring(undefined);
            void refetch();
          }}
        />
      )}
    </div>
  );
}

export function CreateGameForm({ studioId }: { studioId: string }) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string>();
  const [create, { loading, error }] = useMutation(CreateGameDocument, {
    refetchQueries: ['StudioGames'],
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = requiredName(name, 'Game name');
    setNameError(problem);
    if (problem) return;
    try {
      const res = await create({ variables: { input: { studioId, name: name.trim() } } });
      setName('');
      const id = res.data?.createGame.id;
      // Next step after creating a game: register a client and get a key.
      if (id) void navigate(`/studios/${studioId}/games/${id}/clients`);
    } catch {
      // Shown below.
    }
  };

  const serverField = fieldProblems(error).name;
  return (
    <section className="card" aria-labelledby="create-game-title">
      <h2 id="create-game-title" className="card-title">
        New game
      </h2>
      <form onSubmit={onSubmit} noValidate className="stack">
        <TextField
          label="Game name"
          name="gameName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError ?? serverField}
          maxLength={100}
          required
        />
        <FormError message={error && !serverField ? errorMessage(error) : undefined} />
        <div>
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? 'Creating…' : 'Create game'}
          </button>
        </div>
      </form>
    </section>
  );
}
