import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { ClientCard } from '../clients/ClientCard';
import { PLATFORM_LABEL, PLATFORMS } from '../clients/platforms';
import { SnippetTabs } from '../clients/SnippetTabs';
import { SelectField, TextField } from '../components/Field';
import { EmptyState, ErrorNotice, FormError, Loading } from '../components/States';
import { RESTORED_KEYS_NOTE, RestoreGameDialog } from '../games/RestoreGameDialog';
import { CreateGameClientDocument, GameClientsDocument, type Platform } from '../generated/graphql';
import { errorMessage, fieldProblems } from '../lib/errors';
import { canManageGames } from '../lib/roles';
import { requiredName } from '../lib/validation';

/** A game's clients (one per platform or build) and their API keys. */
export function ClientsPage() {
  const { studioId = '', gameId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(GameClientsDocument, {
    variables: { studioId, gameId },
  });
  const [restoring, setRestoring] = useState(false);
  const [restored, setRestored] = useState(false);
  if (!data && loading) return <Loading />;
  if (!data) return <ErrorNotice error={error} onRetry={() => void refetch()} />;
  const manage = canManageGames(data.studio.role);
  const archived = Boolean(data.game.archivedAt);
  const clients = data.game.clients;

  return (
    <div className="grid-main-side">
      <div className="stack-lg">
        {archived && (
          <div className="notice notice-info" role="status">
            <p>This game is archived: its keys are revoked and no new keys can be created.</p>
            {manage && (
              <button type="button" className="button" onClick={() => setRestoring(true)}>
                Restore game
              </button>
            )}
          </div>
        )}
        {restored && !archived && (
          <p className="notice notice-good" role="status">
            The game is restored. {RESTORED_KEYS_NOTE}
          </p>
        )}
        {clients.length === 0 && (
          <section className="card">
            <EmptyState title="No game clients yet">
              <p>
                A client is one build of your game that sends events (say, the Unity build for Steam). Each
                client has its own API keys.
              </p>
              {manage && !archived && (
                <p>Register one with the form on the right, then create its first API key.</p>
              )}
            </EmptyState>
            <details className="disclosure">
              <summary>What sending an event looks like</summary>
              <SnippetTabs />
            </details>
          </section>
        )}
        {clients.map((c) => (
          <ClientCard
            key={c.id}
            studioId={studioId}
            gameId={gameId}
            client={c}
            canManage={manage}
            archived={archived}
          />
        ))}
      </div>
      {manage && !archived && <RegisterClientForm studioId={studioId} gameId={gameId} />}
      {restoring && (
        <RestoreGameDialog
          studioId={studioId}
          game={data.game}
          onClose={() => setRestoring(false)}
          onRestored={() => {
            setRestoring(false);
            setRestored(true);
          }}
        />
      )}
    </div>
  );
}

export function RegisterClientForm({ studioId, gameId }: { studioId: string; gameId: string }) {
  const [name, setName] = useState('');
  const [platform, setPlatform] = useState<Platform | ''>('');
  const [problems, setProblems] = useState<{ name?: string; platform?: string }>({});
  const [create, { loading, error }] = useMutation(CreateGameClientDocument, {
    refetchQueries: ['GameClients'],
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const next = {
      name: requiredName(name, 'Client name'),
      platform: platform ? undefined : 'Choose the platform this client runs on.',
    };
    setProblems(next);
    if (next.name || next.platform || !platform) return;
    try {
      await create({ variables: { input: { studioId, gameId, name: name.trim(), platform } } });
      setName('');
      setPlatform('');
    } catch {
      // Shown below.
    }
  };

  const server = fieldProblems(error);
  return (
    <section className="card" aria-labelledby="register-client-title">
      <h2 id="register-client-title" className="card-title">
        Register a game client
      </h2>
      <form onSubmit={onSubmit} noValidate className="stack">
        <TextField
          label="Client name"
          name="clientName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={problems.name ?? server.name}
          hint="e.g. “Steam build” or “iOS”"
          maxLength={100}
        />
        <SelectField
          label="Platform"
          name="platform"
          value={platform}
          onChange={(e) => setPlatform(e.target.value as Platform | '')}
          error={problems.platform ?? server.platform}
        >
          <option value="">Choose…</option>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {PLATFORM_LABEL[p]}
            </option>
          ))}
        </SelectField>
        <FormError message={error && !server.name && !server.platform ? errorMessage(error) : undefined} />
        <div>
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? 'Registering…' : 'Register client'}
          </button>
        </div>
      </form>
    </section>
  );
}
