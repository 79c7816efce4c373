import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Badge } from '../components/Badge';
import { ConfirmDialog, useConfirm } from '../components/ConfirmDialog';
import { DataTable } from '../components/DataTable';
import { SelectField, TextField } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { ErrorNotice, FormError, Loading } from '../components/States';
import { Time } from '../components/Time';
import {
  AddStudioMemberDocument,
  ChangeMemberRoleDocument,
  DeleteStudioDocument,
  RemoveStudioMemberDocument,
  RenameStudioDocument,
  RevokeInvitationDocument,
  StudioInvitationsDocument,
  StudioMembersDocument,
  ViewerDocument,
  type Role,
} from '../generated/graphql';
import { errorMessage, fieldProblems, hasCode } from '../lib/errors';
import { canManageStudio, ROLE_HINT, ROLE_LABEL, ROLES } from '../lib/roles';
import { emailProblem, requiredName } from '../lib/validation';
import { NotFoundPage } from './NotFoundPage';

/** Studio settings: name, members and their roles, invitations, and deleting the studio. */
export function StudioSettingsPage() {
  const { studioId = '' } = useParams();
  const viewer = useQuery(ViewerDocument, { fetchPolicy: 'cache-first' });
  const { data, loading, error, refetch } = useQuery(StudioMembersDocument, { variables: { studioId } });
  if (!data && error && hasCode(error, 'NOT_FOUND')) return <NotFoundPage what="studio" />;
  const studio = data?.studio;
  const owner = canManageStudio(studio?.role);
  const viewerId = viewer.data?.viewer.id;

  return (
    <div className="page">
      <PageHeader title={studio ? `${studio.name}: members & settings` : 'Members & settings'} />
      {!data && loading && <Loading />}
      {!data && error && <ErrorNotice error={error} onRetry={() => void refetch()} />}
      {studio && (
        <div className="stack-lg">
          <MembersSection studioId={studioId} members={studio.members} owner={owner} viewerId={viewerId} />
          {owner && <InviteSection studioId={studioId} />}
          {owner && <RenameSection studioId={studioId} currentName={studio.name} />}
          {owner && <DangerZone studioId={studioId} name={studio.name} />}
          {!owner && <LeaveSection studioId={studioId} studioName={studio.name} viewerId={viewerId} />}
        </div>
      )}
    </div>
  );
}

interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: string;
}

function MembersSection({
  studioId,
  members,
  owner,
  viewerId,
}: {
  studioId: string;
  members: MemberRow[];
  owner: boolean;
  viewerId?: string;
}) {
  const [changeRole, changeState] = useMutation(ChangeMemberRoleDocument, {
    refetchQueries: ['StudioMembers'],
  });
  const [remove, removeState] = useMutation(RemoveStudioMemberDocument, {
    refetchQueries: ['StudioMembers'],
  });
  const removing = useConfirm(removeState, (m: MemberRow) =>
    remove({ variables: { input: { studioId, userId: m.userId } } }),
  );

  const onRole = async (m: MemberRow, role: Role) => {
    try {
      await changeRole({ variables: { input: { studioId, userId: m.userId, role } } });
    } catch {
      // Shown above the table.
    }
  };

  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title" className="card-title">
        Members
      </h2>
      <FormError message={changeState.error ? errorMessage(changeState.error) : undefined} />
      <DataTable columns={['Name', 'Email', 'Role', 'Joined']} actions>
        {members.map((m) => (
          <tr key={m.userId}>
            <td>
              {m.name} {m.userId === viewerId && <Badge tone="info">You</Badge>}
            </td>
            <td>{m.email}</td>
            <td>
              {owner ? (
                <>
                  <label htmlFor={`role-${m.userId}`} className="visually-hidden">
                    Role of {m.email}
                  </label>
                  <select
                    id={`role-${m.userId}`}
                    className="input select select-compact"
                    value={m.role}
                    disabled={changeState.loading}
                    onChange={(e) => void onRole(m, e.target.value as Role)}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABEL[r]}
                      </option>
                    ))}
                  </select>
                </>
              ) : (
                <Badge>{ROLE_LABEL[m.role]}</Badge>
              )}
            </td>
            <td>
              <Time value={m.joinedAt} />
            </td>
            <td className="actions-cell">
              {owner && m.userId !== viewerId && (
                <button
                  type="button"
                  className="button button-small button-ghost"
                  onClick={() => removing.ask(m)}
                  aria-label={`Remove ${m.email}`}
                >
                  Remove
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {removing.target && (
        <ConfirmDialog
          title={`Remove ${removing.target.name || removing.target.email}?`}
          confirmLabel="Remove member"
          danger
          {...removing.dialog}
        >
          <p>{removing.target.email} loses access to this studio, its games and dashboards at once.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function InviteSection({ studioId }: { studioId: string }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const [emailError, setEmailError] = useState<string>();
  const [result, setResult] = useState<string>();
  const invitations = useQuery(StudioInvitationsDocument, { variables: { studioId } });
  const [add, { loading, error }] = useMutation(AddStudioMemberDocument, {
    refetchQueries: ['StudioMembers', 'StudioInvitations'],
  });
  const [revoke, revokeState] = useMutation(RevokeInvitationDocument, {
    refetchQueries: ['StudioInvitations'],
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = emailProblem(email);
    setEmailError(problem);
    setResult(undefined);
    if (problem) return;
    try {
      const res = await add({ variables: { input: { studioId, email: email.trim().toLowerCase(), role } } });
      const status = res.data?.addStudioMember.status;
      setResult(
        status === 'member'
          ? `${email.trim()} is now a member.`
          : `${email.trim()} is invited and joins on first sign-in.`,
      );
      setEmail('');
    } catch {
      // Shown below.
    }
  };

  const serverField = fieldProblems(error).email;
  const pending = invitations.data?.studio.invitations ?? [];
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title" className="card-title">
        Invite by email
      </h2>
      <form onSubmit={onSubmit} noValidate className="form-row">
        <TextField
          label="Email"
          type="email"
          name="inviteEmail"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={emailError ?? serverField}
          fieldClassName="grow"
          required
        />
        <SelectField
          label="Role"
          name="inviteRole"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          hint={ROLE_HINT[role]}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </SelectField>
        <div className="form-row-action">
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? 'Inviting…' : 'Invite'}
          </button>
        </div>
      </form>
      <FormError message={error && !serverField ? errorMessage(error) : undefined} />
      {result && (
        <p className="notice notice-good" role="status">
          {result}
        </p>
      )}
      <h3 className="subsection-title">Pending invitations</h3>
      {invitations.error && (
        <ErrorNotice error={invitations.error} onRetry={() => void invitations.refetch()} />
      )}
      {!invitations.error && pending.length === 0 && <p className="muted">No pending invitations.</p>}
      {pending.length > 0 && (
        <ul className="list" aria-label="Pending invitations">
          {pending.map((inv) => (
            <li key={inv.id} className="list-row">
              <span>
                {inv.email} <Badge>{ROLE_LABEL[inv.role]}</Badge>{' '}
                <span className="muted">
                  invited <Time value={inv.createdAt} relative />
                </span>
              </span>
              <button
                type="button"
                className="button button-small button-ghost"
                disabled={revokeState.loading}
                onClick={() =>
                  void revoke({ variables: { input: { studioId, invitationId: inv.id } } }).catch(
                    () => undefined,
                  )
                }
                aria-label={`Revoke the invitation of ${inv.email}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormError message={revokeState.error ? errorMessage(revokeState.error) : undefined} />
    </section>
  );
}

function RenameSection({ studioId, currentName }: { studioId: string; currentName: string }) {
  const [name, setName] = useState(currentName);
  const [nameError, setNameError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [rename, { loading, error }] = useMutation(RenameStudioDocument, { refetchQueries: ['Viewer'] });
  useEffect(() => setName(currentName), [currentName]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = requiredName(name, 'Studio name');
    setNameError(problem);
    setSaved(false);
    if (problem) return;
    try {
      await rename({ variables: { input: { studioId, name: name.trim() } } });
      setSaved(true);
    } catch {
      // Shown below.
    }
  };

  const serverField = fieldProblems(error).name;
  return (
    <section className="card" aria-labelledby="rename-title">
      <h2 id="rename-title" className="card-title">
        Studio name
      </h2>
      <form onSubmit={onSubmit} noValidate className="form-row">
        <TextField
          label="Name"
          name="studioName"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setSaved(false);
          }}
          error={nameError ?? serverField}
          fieldClassName="grow"
          maxLength={100}
        />
        <div className="form-row-action">
          <button type="submit" className="button" disabled={loading || name.trim() === currentName}>
            {loading ? 'Saving…' : 'Rename'}
          </button>
        </div>
      </form>
      <FormError message={error && !serverField ? errorMessage(error) : undefined} />
      {saved && (
        <p className="notice notice-good" role="status">
          Renamed.
        </p>
      )}
    </section>
  );
}

function DangerZone({ studioId, name }: { studioId: string; name: string }) {
  const navigate = useNavigate();
  const [force, setForce] = useState(false);
  const [remove, state] = useMutation(DeleteStudioDocument, {
    refetchQueries: [{ query: ViewerDocument }],
    awaitRefetchQueries: true,
  });
  const deleting = useConfirm(state, async () => {
    await remove({ variables: { input: { studioId, force } } });
    void navigate('/studios', { replace: true });
  });

  return (
    <section className="card card-danger" aria-labelledby="danger-title">
      <h2 id="danger-title" className="card-title">
        Delete this studio
      </h2>
      <p>
        Deleting removes the studio, its games, clients, API keys, alert rules and memberships. It cannot be
        undone.
      </p>
      <button type="button" className="button button-danger" onClick={() => deleting.ask(true)}>
        Delete studio…
      </button>
      {deleting.target && (
        <ConfirmDialog
          title={`Delete ${name}?`}
          confirmLabel="Delete studio"
          danger
          typeToConfirm={name}
          {...deleting.dialog}
        >
          <p>
            This permanently deletes the studio and everything in it. Game clients stop being able to send
            events.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            Also delete games that are still active (otherwise archive them first)
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}

function LeaveSection({
  studioId,
  studioName,
  viewerId,
}: {
  studioId: string;
  studioName: string;
  viewerId?: string;
}) {
  const navigate = useNavigate();
  const [remove, state] = useMutation(RemoveStudioMemberDocument, {
    refetchQueries: [{ query: ViewerDocument }],
    awaitRefetchQueries: true,
  });
  const leaving = useConfirm(state, async () => {
    if (!viewerId) return;
    await remove({ variables: { input: { studioId, userId: viewerId } } });
    void navigate('/studios', { replace: true });
  });
  if (!viewerId) return null;
  return (
    <section className="card" aria-labelledby="leave-title">
      <h2 id="leave-title" className="card-title">
        Leave this studio
      </h2>
      <p>Only an owner can add you back.</p>
      <button type="button" className="button" onClick={() => leaving.ask(true)}>
        Leave studio…
      </button>
      {leaving.target && (
        <ConfirmDialog title={`Leave ${studioName}?`} confirmLabel="Leave studio" danger {...leaving.dialog}>
          <p>You lose access to its games and dashboards.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
