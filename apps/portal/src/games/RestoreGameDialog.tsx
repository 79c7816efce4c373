import { useMutation } from '@apollo/client/react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { RestoreGameDocument } from '../generated/graphql';
import { errorMessage } from '../lib/errors';

interface RestoreGameDialogProps {
  studioId: string;
  game: { id: string; name: string };
  onClose: () => void;
  /** After core has restored it; the answer (archivedAt null) is already in the cache. */
  onRestored: () => void;
}

/**
 * Restoring an archived game (admins). Core keeps the keys that archiving revoked revoked, so a
 * restore never reopens ingestion to old builds: the dialog says so before, and the pages say
 * where to create new keys after.
 */
export function RestoreGameDialog({ studioId, game, onClose, onRestored }: RestoreGameDialogProps) {
  const [restore, { loading, error }] = useMutation(RestoreGameDocument);
  return (
    <ConfirmDialog
      title={`Restore ${game.name}?`}
      confirmLabel="Restore game"
      busy={loading}
      error={error ? errorMessage(error) : undefined}
      onCancel={onClose}
      onConfirm={async () => {
        try {
          await restore({ variables: { input: { studioId, gameId: game.id } } });
          onRestored();
        } catch {
          // Shown in the dialog.
        }
      }}
    >
      <p>The game takes new clients, API keys and alert rules again. Its data stays as it was.</p>
      <p>
        <strong>Its old API keys stay revoked</strong>: builds that carry them are still refused. Create a new
        key for each client and ship builds with it.
      </p>
    </ConfirmDialog>
  );
}

/** Said once a game is restored, where its keys are managed. */
export const RESTORED_KEYS_NOTE =
  'The API keys revoked when it was archived stay revoked: create a new key for each client.';
