import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { AlertHistory } from '../alerts/AlertHistory';
import { AlertRuleForm, EVENT_TYPE_LABEL, type AlertRuleValues } from '../alerts/AlertRuleForm';
import { Badge } from '../components/Badge';
import { ConfirmDialog, useConfirm } from '../components/ConfirmDialog';
import { DataTable } from '../components/DataTable';
import { Modal } from '../components/Modal';
import { EmptyState, ErrorNotice, FormError, Loading } from '../components/States';
import {
  CreateAlertRuleDocument,
  DeleteAlertRuleDocument,
  GameAlertsDocument,
  UpdateAlertRuleDocument,
  type AlertRuleFieldsFragment,
} from '../generated/graphql';
import { errorMessage, fieldProblems } from '../lib/errors';
import { formatNumber, formatSpan } from '../lib/format';
import { canManageGames } from '../lib/roles';

/** "≥ 100 unique players", "≥ 500 purchases (Boss:Defeated) in 5 minutes". */
export function describeRule(r: AlertRuleFieldsFragment): string {
  if (r.kind === 'PLAYERS_REACHED') return `${formatNumber(r.threshold)} unique players reached`;
  const what = r.eventName
    ? `“${r.eventName}” events`
    : r.eventType
      ? EVENT_TYPE_LABEL[r.eventType].toLowerCase()
      : 'events';
  const window = r.windowSeconds ? ` in ${formatSpan(r.windowSeconds)}` : '';
  return `${formatNumber(r.threshold)} ${what}${window}`;
}

/** A game's alert rules (both kinds) and the history of their firings. */
export function AlertsPage() {
  const { studioId = '', gameId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(GameAlertsDocument, { variables: { studioId, gameId } });
  const [editing, setEditing] = useState<AlertRuleFieldsFragment | 'new'>();
  const [create, createState] = useMutation(CreateAlertRuleDocument, { refetchQueries: ['GameAlerts'] });
  const [update, updateState] = useMutation(UpdateAlertRuleDocument);
  const [toggle, toggleState] = useMutation(UpdateAlertRuleDocument);
  const [remove, removeState] = useMutation(DeleteAlertRuleDocument, { refetchQueries: ['GameAlerts'] });
  const deleting = useConfirm(removeState, (rule: AlertRuleFieldsFragment) =>
    remove({ variables: { input: { studioId, gameId, ruleId: rule.id } } }),
  );

  if (!data && loading) return <Loading />;
  if (!data) return <ErrorNotice error={error} onRetry={() => void refetch()} />;
  const manage = canManageGames(data.studio.role);
  const rules = data.game.alertRules;
  const saving = editing === 'new' ? createState : updateState;

  const closeEditor = () => {
    setEditing(undefined);
    createState.reset();
    updateState.reset();
  };

  const onSave = async (values: AlertRuleValues) => {
    try {
      if (editing === 'new') {
        await create({ variables: { input: { studioId, gameId, ...values } } });
      } else if (editing) {
        await update({ variables: { input: { studioId, gameId, ruleId: editing.id, ...values } } });
      }
      closeEditor();
    } catch {
      // Shown in the form.
    }
  };

  const onToggle = (rule: AlertRuleFieldsFragment) =>
    void toggle({
      variables: { input: { studioId, gameId, ruleId: rule.id, enabled: !rule.enabled } },
    }).catch(() => undefined);

  return (
    <div className="stack-lg">
      <section className="card" aria-labelledby="rules-title">
        <div className="card-header">
          <div>
            <h2 id="rules-title" className="card-title">
              Alert rules
            </h2>
            <p className="muted small">Emails go out when a rule’s threshold is reached.</p>
          </div>
          {manage && (
            <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
              New rule
            </button>
          )}
        </div>
        <FormError message={toggleState.error ? errorMessage(toggleState.error) : undefined} />
        {rules.length === 0 ? (
          <EmptyState title="No alert rules yet">
            {manage
              ? 'Create one to get an email when, say, your game reaches 1,000 players or errors spike.'
              : 'An admin of this studio can create one.'}
          </EmptyState>
        ) : (
          <DataTable columns={['Rule', 'Condition', 'Recipients', 'Status']} actions testId="alert-rules">
            {rules.map((r) => (
              <tr key={r.id}>
                <td className="strong">{r.name}</td>
                <td>
                  <Badge tone="info">
                    {r.kind === 'PLAYERS_REACHED' ? 'Players reached' : 'Event count'}
                  </Badge>{' '}
                  {describeRule(r)}
                </td>
                <td className="small">{r.recipients.join(', ')}</td>
                <td>
                  {manage ? (
                    <label className="switch">
                      <input
                        type="checkbox"
                        role="switch"
                        checked={r.enabled}
                        disabled={toggleState.loading}
                        onChange={() => onToggle(r)}
                        aria-label={`${r.name} enabled`}
                      />
                      <span className="switch-track" aria-hidden="true" />
                      <span className="switch-text">{r.enabled ? 'On' : 'Off'}</span>
                    </label>
                  ) : (
                    <Badge tone={r.enabled ? 'good' : 'neutral'}>{r.enabled ? 'On' : 'Off'}</Badge>
                  )}
                </td>
                <td className="actions-cell">
                  {manage && (
                    <>
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => setEditing(r)}
                        aria-label={`Edit ${r.name}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-small button-ghost-danger"
                        onClick={() => deleting.ask(r)}
                        aria-label={`Delete ${r.name}`}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <AlertHistory studioId={studioId} gameId={gameId} />

      {editing && (
        <Modal title={editing === 'new' ? 'New alert rule' : `Edit ${editing.name}`} onClose={closeEditor}>
          <AlertRuleForm
            initial={editing === 'new' ? undefined : editing}
            defaultRecipient={data.viewer.email}
            submitLabel={editing === 'new' ? 'Create rule' : 'Save changes'}
            busy={saving.loading}
            serverError={saving.error ? errorMessage(saving.error) : undefined}
            serverFields={fieldProblems(saving.error)}
            onSubmit={(v) => void onSave(v)}
            onCancel={closeEditor}
          />
        </Modal>
      )}
      {deleting.target && (
        <ConfirmDialog
          title={`Delete ${deleting.target.name}?`}
          confirmLabel="Delete rule"
          danger
          {...deleting.dialog}
        >
          <p>No more emails for this rule. Its past alerts stay in the history.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
