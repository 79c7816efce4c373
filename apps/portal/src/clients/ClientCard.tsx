import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Badge } from '../components/Badge';
import { ConfirmDialog, useConfirm } from '../components/ConfirmDialog';
import { SelectField, TextField } from '../components/Field';
import { SecretReveal } from '../components/SecretReveal';
import { EmptyState, FormError } from '../components/States';
import { Time } from '../components/Time';
import {
  CreateApiKeyDocument,
  DeleteGameClientDocument,
  RevokeApiKeyDocument,
  RotateApiKeyDocument,
  type ApiKeyFieldsFragment,
  type GameClientFieldsFragment,
} from '../generated/graphql';
import { errorMessage, fieldProblems } from '../lib/errors';
import { requiredName } from '../lib/validation';
import { ApiKeyTable } from './ApiKeyTable';
import { PLATFORM_LABEL } from './platforms';
import { RotateDialog, type GraceOption } from './RotateDialog';
import { SigningSection } from './SigningSection';
import { SnippetTabs } from './SnippetTabs';

interface ClientCardProps {
  studioId: string;
  gameId: string;
  client: GameClientFieldsFragment;
  canManage: boolean;
  archived: boolean;
}

const EXPIRY_OPTIONS = [
  { value: '', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
];

const GRACE_OPTIONS: readonly GraceOption[] = [
  { value: '', label: 'The default grace period' },
  { value: '0', label: 'Stop the old key now' },
  { value: '1', label: '1 hour' },
  { value: '24', label: '24 hours' },
  { value: '168', label: '7 days' },
];

/** One game client: its keys (create, rotate, revoke), request signing and how to send a first event. */
export function ClientCard({ studioId, gameId, client, canManage, archived }: ClientCardProps) {
  const ref = { studioId, gameId, clientId: client.id };
  const [secret, setSecret] = useState<{ value: string; title: string }>();
  const [showCreate, setShowCreate] = useState(false);
  const [rotating, setRotating] = useState<ApiKeyFieldsFragment>();
  const [revoke, revokeState] = useMutation(RevokeApiKeyDocument);
  const [remove, removeState] = useMutation(DeleteGameClientDocument, { refetchQueries: ['GameClients'] });
  const revoking = useConfirm(revokeState, (key: ApiKeyFieldsFragment) =>
    revoke({ variables: { input: { ...ref, keyId: key.id } } }),
  );
  const deleting = useConfirm(removeState, () => remove({ variables: { input: ref } }));
  const hasActiveKey = client.apiKeys.some((k) => k.status === 'ACTIVE');

  return (
    <section className="card" aria-labelledby={`client-${client.id}-title`} data-testid="client-card">
      <div className="card-header">
        <div>
          <h2 id={`client-${client.id}-title`} className="card-title">
            {client.name} <Badge tone="info">{PLATFORM_LABEL[client.platform]}</Badge>
            {client.signingRequired && (
              <>
                {' '}
                <Badge tone="good">Signed requests only</Badge>
              </>
            )}
          </h2>
          <p className="muted small">
            Registered <Time value={client.createdAt} />
          </p>
        </div>
        {canManage && (
          <div className="page-actions">
            {!archived && !showCreate && !secret && (
              <button type="button" className="button button-primary" onClick={() => setShowCreate(true)}>
                Create API key
              </button>
            )}
            <button
              type="button"
              className="button button-ghost"
              onClick={() => deleting.ask(true)}
              aria-label={`Delete client ${client.name}`}
            >
              Delete client
            </button>
          </div>
        )}
      </div>

      {showCreate && (
        <CreateKeyForm
          {...ref}
          onCancel={() => setShowCreate(false)}
          onCreated={(value) => {
            setShowCreate(false);
            setSecret({ value, title: 'API key' });
          }}
        />
      )}

      {secret && (
        <SecretReveal label={secret.title} secret={secret.value} onDone={() => setSecret(undefined)}>
          <h4 className="subsection-title">Send your first event</h4>
          <SnippetTabs apiKey={secret.value} platform={client.platform} />
        </SecretReveal>
      )}

      {client.apiKeys.length === 0 ? (
        <EmptyState title="No API keys yet">
          {canManage ? 'Create a key for this client to start sending events.' : 'An admin can create one.'}
        </EmptyState>
      ) : (
        <ApiKeyTable
          keys={client.apiKeys}
          canManage={canManage}
          onRotate={setRotating}
          onRevoke={revoking.ask}
        />
      )}

      <SigningSection
        studioId={studioId}
        gameId={gameId}
        client={client}
        canManage={canManage}
        archived={archived}
      />

      {!secret && (
        <details className="disclosure" open={!hasActiveKey && !canManage ? true : undefined}>
          <summary>Send your first event (Unity, Unreal, web)</summary>
          <p className="hint">
            Replace YOUR_API_KEY with a key of this client. A key is shown only once, when it is created.
          </p>
          <SnippetTabs platform={client.platform} />
        </details>
      )}

      {rotating && (
        <RotateKeyDialog
          {...ref}
          apiKey={rotating}
          onClose={() => setRotating(undefined)}
          onRotated={(value) => {
            setRotating(undefined);
            setSecret({ value, title: 'API key' });
          }}
        />
      )}
      {revoking.target && (
        <ConfirmDialog
          title={`Revoke ${revoking.target.name}?`}
          confirmLabel="Revoke key"
          danger
          {...revoking.dialog}
        >
          <p>
            Game builds using <code className="mono">{revoking.target.displayPrefix}…</code> are refused
            within seconds (the ingestion service caches keys briefly). This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {deleting.target && (
        <ConfirmDialog
          title={`Delete ${client.name}?`}
          confirmLabel="Delete client"
          danger
          {...deleting.dialog}
        >
          <p>The client and all its API keys are deleted; the keys stop working at once. Its data stays.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

interface KeyRef {
  studioId: string;
  gameId: string;
  clientId: string;
}

export function CreateKeyForm({
  onCreated,
  onCancel,
  ...ref
}: KeyRef & { onCreated: (secret: string) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('');
  const [nameError, setNameError] = useState<string>();
  const [create, { loading, error }] = useMutation(CreateApiKeyDocument, {
    refetchQueries: ['GameClients'],
    awaitRefetchQueries: true,
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = requiredName(name, 'Key name');
    setNameError(problem);
    if (problem) return;
    const expiresAt = expiry ? new Date(Date.now() + Number(expiry) * 86_400_000).toISOString() : undefined;
    try {
      const res = await create({ variables: { input: { ...ref, name: name.trim(), expiresAt } } });
      if (res.data) onCreated(res.data.createApiKey.secret);
    } catch {
      // Shown below.
    }
  };

  const serverField = fieldProblems(error).name;
  return (
    <form onSubmit={onSubmit} noValidate className="inline-form" aria-label="Create API key">
      <div className="form-row">
        <TextField
          label="Key name"
          name="keyName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError ?? serverField}
          hint="What uses it, e.g. “Steam release build”."
          fieldClassName="grow"
          maxLength={100}
          autoFocus
        />
        <SelectField
          label="Expires"
          name="keyExpiry"
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
        >
          {EXPIRY_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
        <div className="form-row-action">
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? 'Creating…' : 'Create key'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
      <FormError message={error && !serverField ? errorMessage(error) : undefined} />
    </form>
  );
}

function RotateKeyDialog({
  apiKey,
  onClose,
  onRotated,
  ...ref
}: KeyRef & { apiKey: ApiKeyFieldsFragment; onClose: () => void; onRotated: (secret: string) => void }) {
  const [rotate, { loading, error }] = useMutation(RotateApiKeyDocument, {
    refetchQueries: ['GameClients'],
    awaitRefetchQueries: true,
  });
  const onRotate = async (graceHours: number | undefined) => {
    try {
      const res = await rotate({ variables: { input: { ...ref, keyId: apiKey.id, graceHours } } });
      if (res.data) onRotated(res.data.rotateApiKey.secret);
    } catch {
      // Shown in the dialog.
    }
  };
  return (
    <RotateDialog
      title={`Rotate ${apiKey.name}?`}
      graceLabel="The old key keeps working for"
      graceName="graceHours"
      options={GRACE_OPTIONS}
      confirmLabel="Rotate key"
      busy={loading}
      error={error ? errorMessage(error) : undefined}
      onClose={onClose}
      onRotate={(graceHours) => void onRotate(graceHours)}
    >
      <p>
        A new key replaces <code className="mono">{apiKey.displayPrefix}…</code>. Ship the new key, then let
        the old one run out.
      </p>
    </RotateDialog>
  );
}
