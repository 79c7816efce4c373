import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { usePortalConfig } from '../app/config';
import { ConfirmDialog, useConfirm } from '../components/ConfirmDialog';
import { DataTable } from '../components/DataTable';
import { SelectField, TextField } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { SecretReveal } from '../components/SecretReveal';
import { EmptyState, ErrorNotice, FormError, Loading } from '../components/States';
import { Time } from '../components/Time';
import {
  CreatePersonalAccessTokenDocument,
  PersonalAccessTokensDocument,
  RevokePersonalAccessTokenDocument,
  SignOutEverywhereDocument,
  type PersonalAccessTokenFieldsFragment,
} from '../generated/graphql';
import { errorMessage, fieldProblems } from '../lib/errors';
import { requiredName } from '../lib/validation';

const EXPIRY = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: 'A year' },
  { value: '', label: 'Never' },
];

/** Personal access tokens for scripts and the GraphQL IDE: create (shown once), list, revoke. */
export function TokensPage() {
  const { graphqlIdeUrl } = usePortalConfig();
  const { data, loading, error, refetch } = useQuery(PersonalAccessTokensDocument);
  const [secret, setSecret] = useState<string>();
  const [revoke, revokeState] = useMutation(RevokePersonalAccessTokenDocument, {
    refetchQueries: ['PersonalAccessTokens'],
  });
  const revoking = useConfirm(revokeState, (token: PersonalAccessTokenFieldsFragment) =>
    revoke({ variables: { id: token.id } }),
  );
  const tokens = data?.viewer.personalAccessTokens ?? [];
  const origin = typeof window === 'undefined' ? '' : window.location.origin;

  return (
    <div className="page">
      <PageHeader
        title="Personal access tokens"
        subtitle={
          <>
            For scripts and integrations: send a token as{' '}
            <code className="mono">Authorization: Bearer gtp_…</code> to the GraphQL API. It acts as you, in
            every studio you belong to.
          </>
        }
        actions={
          <a className="button" href={graphqlIdeUrl} target="_blank" rel="noopener">
            Open the GraphQL IDE<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        }
      />
      <div className="grid-main-side">
        <div className="stack-lg">
          {secret && (
            <section className="card">
              <SecretReveal label="personal access token" secret={secret} onDone={() => setSecret(undefined)}>
                <p className="hint">Try it:</p>
                <pre className="code-inline" tabIndex={0}>
                  <code>{`curl -s ${origin}/graphql -H 'Content-Type: application/json' \\\n  -H 'Authorization: Bearer ${secret}' \\\n  -d '{"query":"{ viewer { email studios { name } } }"}'`}</code>
                </pre>
              </SecretReveal>
            </section>
          )}
          <section className="card" aria-labelledby="tokens-title">
            <h2 id="tokens-title" className="card-title">
              Your tokens
            </h2>
            {!data && loading && <Loading />}
            {!data && error && <ErrorNotice error={error} onRetry={() => void refetch()} />}
            {data && tokens.length === 0 && <EmptyState title="No tokens yet" />}
            {tokens.length > 0 && (
              <DataTable columns={['Name', 'Created', 'Expires', 'Last used']} actions testId="tokens">
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <div className="strong">{t.name}</div>
                      <code className="mono muted">{t.displayPrefix}…</code>
                    </td>
                    <td>
                      <Time value={t.createdAt} />
                    </td>
                    <td>
                      <Time value={t.expiresAt} fallback="Never" />
                    </td>
                    <td>
                      <Time value={t.lastUsedAt} relative fallback="Never" />
                    </td>
                    <td className="actions-cell">
                      <button
                        type="button"
                        className="button button-small button-ghost-danger"
                        onClick={() => revoking.ask(t)}
                        aria-label={`Revoke ${t.name}`}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        </div>
        <div className="stack-lg">
          <CreateTokenForm onCreated={setSecret} />
          <SignOutEverywhere />
        </div>
      </div>
      {revoking.target && (
        <ConfirmDialog
          title={`Revoke ${revoking.target.name}?`}
          confirmLabel="Revoke token"
          danger
          {...revoking.dialog}
        >
          <p>Scripts using this token stop working at once.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

export function CreateTokenForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [nameError, setNameError] = useState<string>();
  const [create, { loading, error }] = useMutation(CreatePersonalAccessTokenDocument, {
    refetchQueries: ['PersonalAccessTokens'],
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = requiredName(name, 'Token name');
    setNameError(problem);
    if (problem) return;
    try {
      const res = await create({
        variables: { input: { name: name.trim(), expiresInDays: days ? Number(days) : undefined } },
      });
      setName('');
      if (res.data) onCreated(res.data.createPersonalAccessToken.secret);
    } catch {
      // Shown below.
    }
  };

  const server = fieldProblems(error);
  return (
    <section className="card" aria-labelledby="create-token-title">
      <h2 id="create-token-title" className="card-title">
        Create a token
      </h2>
      <form onSubmit={onSubmit} noValidate className="stack">
        <TextField
          label="Name"
          name="tokenName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError ?? server.name}
          hint="What it is for, e.g. “CI export script”."
          maxLength={100}
        />
        <SelectField
          label="Expires in"
          name="tokenExpiry"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={server.expiresInDays}
        >
          {EXPIRY.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
        <FormError
          message={error && !server.name && !server.expiresInDays ? errorMessage(error) : undefined}
        />
        <div>
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
    </section>
  );
}

function SignOutEverywhere() {
  const navigate = useNavigate();
  const [run, state] = useMutation(SignOutEverywhereDocument);
  const confirm = useConfirm(state, async () => {
    await run();
    await state.client.clearStore();
    void navigate('/sign-in', { replace: true });
  });
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title" className="card-title">
        Browser sessions
      </h2>
      <p className="muted">Lost a laptop? End every browser session of your account, this one included.</p>
      <button type="button" className="button" onClick={() => confirm.ask(true)}>
        Sign out everywhere…
      </button>
      {confirm.target && (
        <ConfirmDialog
          title="Sign out everywhere?"
          confirmLabel="Sign out everywhere"
          danger
          {...confirm.dialog}
        >
          <p>Every browser signed in as you must sign in again. Personal access tokens keep working.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
