import { useMutation } from '@apollo/client/react';
import type { ErrorLike } from '@apollo/client';
import { useId, useState } from 'react';
import { Badge } from '../components/Badge';
import { ConfirmDialog, useConfirm } from '../components/ConfirmDialog';
import { DataTable } from '../components/DataTable';
import { SecretReveal } from '../components/SecretReveal';
import { FormError } from '../components/States';
import { Time } from '../components/Time';
import {
  CreateSigningSecretDocument,
  RevokeSigningSecretDocument,
  SetSigningRequiredDocument,
  type GameClientFieldsFragment,
  type SigningSecretFieldsFragment,
} from '../generated/graphql';
import { errorMessage, errorReason } from '../lib/errors';
import { CredentialStatus } from './CredentialStatus';
import { RotateDialog, type GraceOption } from './RotateDialog';
import { SigningSnippetTabs } from './SnippetTabs';

const GRACE_OPTIONS: readonly GraceOption[] = [
  { value: '', label: 'The default grace period' },
  { value: '0', label: 'Stop the current secret now' },
  { value: '1', label: '1 hour' },
  { value: '24', label: '24 hours' },
  { value: '168', label: '7 days' },
  { value: '720', label: '30 days' },
];

/** Core's refusals (BAD_USER_INPUT with core's code as `reason`), in words for this page. */
const REFUSALS: Record<string, string> = {
  SIGNING_SECRET_REQUIRED:
    'Requiring signed requests needs an active signing secret. Create one, ship builds that use it, then require signatures.',
  SIGNING_LAST_SECRET:
    'This is the last active secret of a client that requires signed requests. Turn off “Require signed requests” first, or rotate to a new secret.',
};

export function signingErrorMessage(error: ErrorLike | undefined): string | undefined {
  if (!error) return undefined;
  const reason = errorReason(error);
  return (reason && REFUSALS[reason]) || errorMessage(error);
}

interface SigningSectionProps {
  studioId: string;
  gameId: string;
  client: GameClientFieldsFragment;
  canManage: boolean;
  archived: boolean;
}

/**
 * A client's request signing: its secrets (metadata only), creating or rotating one (shown once,
 * with where it goes in each SDK), revoking, and requiring signed requests. Core enforces the
 * rules (admins change, a live secret before requiring, not the last one while required); the
 * page disables what would be refused and explains core's refusals when they happen anyway.
 */
export function SigningSection({ studioId, gameId, client, canManage, archived }: SigningSectionProps) {
  const ref = { studioId, gameId, clientId: client.id };
  const { required, secrets } = client.signing;
  const live = secrets.filter((s) => s.status === 'ACTIVE');
  const hintId = useId();
  const lastHintId = useId();
  const [revealed, setRevealed] = useState<string>();
  const [rotating, setRotating] = useState(false);
  const refetch = { refetchQueries: ['GameClients'], awaitRefetchQueries: true };
  const [create, createState] = useMutation(CreateSigningSecretDocument, refetch);
  const [setRequired, requiredState] = useMutation(SetSigningRequiredDocument, refetch);
  const [revoke, revokeState] = useMutation(RevokeSigningSecretDocument, refetch);
  const requiring = useConfirm(
    requiredState,
    () => setRequired({ variables: { input: { ...ref, required: true } } }),
    signingErrorMessage,
  );
  const revoking = useConfirm(
    revokeState,
    (secret: SigningSecretFieldsFragment) =>
      revoke({ variables: { input: { ...ref, secretId: secret.id } } }),
    signingErrorMessage,
  );
  const busy = createState.loading || requiredState.loading;

  const createSecret = async (graceHours?: number): Promise<boolean> => {
    try {
      const res = await create({ variables: { input: { ...ref, graceHours } } });
      if (res.data) setRevealed(res.data.createSigningSecret.secret);
      return true;
    } catch {
      return false; // Shown beside the button, or in the rotation dialog.
    }
  };

  const onToggle = () => {
    // Turning it off needs no confirmation; a refusal shows below the switch.
    if (required) {
      requiredState.reset();
      setRequired({ variables: { input: { ...ref, required: false } } }).catch(() => undefined);
    } else requiring.ask(true);
  };

  // Only when no refusal is on screen already (the dialogs show their own).
  const pageError = !requiring.target && !rotating ? (requiredState.error ?? createState.error) : undefined;
  const cannotRequire = !required && live.length === 0;

  return (
    <section className="signing" aria-labelledby={`signing-${client.id}-title`} data-testid="signing">
      <h3 id={`signing-${client.id}-title`} className="subsection-title">
        Request signing
      </h3>
      <p className="hint signing-intro">
        Optional. With this client’s signing secret in the SDK, every request carries an{' '}
        <code className="mono">X-Signature</code> (an HMAC of the time and the body) that ingestion checks. It
        stops casual tampering with captured requests and replays; it does not stop someone who takes a build
        apart and extracts the secret.
      </p>

      <div className="signing-controls">
        {canManage ? (
          <div>
            <label className="switch">
              <input
                type="checkbox"
                role="switch"
                checked={required}
                disabled={busy || cannotRequire}
                onChange={onToggle}
                aria-describedby={hintId}
              />
              <span className="switch-track" aria-hidden="true" />
              <span className="switch-text">Require signed requests</span>
            </label>
            <p id={hintId} className="hint">
              {required
                ? 'Ingestion refuses requests from this client without a valid signature (401).'
                : cannotRequire
                  ? 'Create a secret and ship builds that sign with it first: requiring signatures needs an active secret.'
                  : 'Signatures are checked when present, not required.'}
            </p>
          </div>
        ) : (
          <p>
            Signed requests:{' '}
            <Badge tone={required ? 'good' : 'neutral'}>{required ? 'Required' : 'Not required'}</Badge>
          </p>
        )}
        {canManage && !archived && !revealed && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              createState.reset();
              if (live.length === 0) void createSecret();
              else setRotating(true);
            }}
          >
            {live.length === 0 ? 'Create secret' : 'Rotate secret'}
          </button>
        )}
      </div>
      <FormError message={signingErrorMessage(pageError)} />

      {revealed && (
        <SecretReveal
          label="signing secret"
          secret={revealed}
          onDone={() => setRevealed(undefined)}
          stored="The portal never shows it again; if you lose it, rotate to a new one."
        >
          <p className="hint">
            Set it in the SDK beside the API key; builds with it sign every request. Test such a build against
            this server before you require signed requests: builds without the secret are then refused.
          </p>
          <SigningSnippetTabs secret={revealed} platform={client.platform} />
        </SecretReveal>
      )}

      {secrets.length > 0 && (
        <DataTable
          columns={['Secret', 'Status', 'Created', 'Expires']}
          actions
          label={`Signing secrets of ${client.name}`}
        >
          {secrets.map((s) => {
            const isLast = required && s.status === 'ACTIVE' && live.length === 1;
            return (
              <tr key={s.id} data-testid={`signing-secret-${s.id}`}>
                <td>
                  <code className="mono">{s.displayPrefix}…</code>
                </td>
                <td>
                  <CredentialStatus status={s.status} revokedAt={s.revokedAt} />
                </td>
                <td>
                  <Time value={s.createdAt} />
                </td>
                <td>
                  {s.status === 'ACTIVE' && s.expiresAt ? (
                    <Time value={s.expiresAt} relative />
                  ) : (
                    <Time value={s.status === 'EXPIRED' ? s.expiresAt : null} fallback="—" />
                  )}
                </td>
                <td className="actions-cell">
                  {canManage && s.status === 'ACTIVE' && (
                    <button
                      type="button"
                      className="button button-small button-ghost-danger"
                      onClick={() => revoking.ask(s)}
                      disabled={isLast}
                      aria-describedby={isLast ? lastHintId : undefined}
                      aria-label={`Revoke signing secret ${s.displayPrefix}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {canManage && required && live.length === 1 && (
        <p id={lastHintId} className="hint">
          The last active secret cannot be revoked while signed requests are required: rotate to a new secret,
          or stop requiring signatures first.
        </p>
      )}

      {rotating && (
        <RotateSecretDialog
          current={live[0]}
          busy={createState.loading}
          error={signingErrorMessage(createState.error)}
          onClose={() => {
            setRotating(false);
            createState.reset();
          }}
          onRotate={async (graceHours) => {
            if (await createSecret(graceHours)) setRotating(false);
          }}
        />
      )}
      {requiring.target && (
        <ConfirmDialog
          title={`Require signed requests from ${client.name}?`}
          confirmLabel="Require signed requests"
          danger
          {...requiring.dialog}
        >
          <p>
            Ingestion will refuse every request from this client without a valid signature with{' '}
            <strong>401</strong>, including builds already in players’ hands that do not carry the secret. The
            SDKs stop sending after a 401 until the game restarts; their events wait on the device.
          </p>
          <p>Turn this on once the builds your players run sign their requests. It applies within seconds.</p>
        </ConfirmDialog>
      )}
      {revoking.target && (
        <ConfirmDialog
          title={`Revoke signing secret ${revoking.target.displayPrefix}…?`}
          confirmLabel="Revoke secret"
          danger
          {...revoking.dialog}
        >
          <p>
            Signatures made with <code className="mono">{revoking.target.displayPrefix}…</code> stop verifying
            within seconds (the ingestion service caches keys briefly).
            {required
              ? ' Signed requests are required, so builds that sign only with this secret are refused.'
              : ' Signed requests are not required, so builds that sign with it keep sending.'}{' '}
            This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function RotateSecretDialog({
  current,
  busy,
  error,
  onClose,
  onRotate,
}: {
  current: SigningSecretFieldsFragment | undefined;
  busy: boolean;
  error?: string;
  onClose: () => void;
  onRotate: (graceHours?: number) => Promise<void>;
}) {
  return (
    <RotateDialog
      title="Rotate the signing secret?"
      graceLabel="The current secret keeps verifying for"
      graceName="signingGraceHours"
      options={GRACE_OPTIONS}
      confirmLabel="Rotate secret"
      busy={busy}
      error={error}
      onClose={onClose}
      onRotate={(graceHours) => void onRotate(graceHours)}
    >
      <p>
        A new secret replaces
        {current ? (
          <>
            {' '}
            <code className="mono">{current.displayPrefix}…</code>
          </>
        ) : (
          ' the current one'
        )}
        , which keeps verifying while builds with the new one roll out. Any older secret stops now: at most
        two are active.
      </p>
    </RotateDialog>
  );
}
