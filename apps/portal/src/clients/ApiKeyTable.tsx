import { Badge, type BadgeTone } from '../components/Badge';
import { Time } from '../components/Time';
import type { ApiKeyFieldsFragment, ApiKeyStatus } from '../generated/graphql';

const STATUS: Record<ApiKeyStatus, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: 'Active', tone: 'good' },
  REVOKED: { label: 'Revoked', tone: 'bad' },
  EXPIRED: { label: 'Expired', tone: 'neutral' },
};

interface ApiKeyTableProps {
  keys: ApiKeyFieldsFragment[];
  canManage: boolean;
  onRotate: (key: ApiKeyFieldsFragment) => void;
  onRevoke: (key: ApiKeyFieldsFragment) => void;
}

export function ApiKeyTable({ keys, canManage, onRotate, onRevoke }: ApiKeyTableProps) {
  // Active keys first, then newest first: what someone looks for is on top.
  const sorted = [...keys].sort(
    (a, b) =>
      Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE') || b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((k) => (
            <tr key={k.id} data-testid={`api-key-${k.id}`}>
              <td>
                <div className="strong">{k.name}</div>
                <code className="mono muted">{k.displayPrefix}…</code>
              </td>
              <td>
                <Badge tone={STATUS[k.status].tone}>{STATUS[k.status].label}</Badge>
                {k.status === 'ACTIVE' && k.expiresAt && (
                  <div className="muted small">
                    expires <Time value={k.expiresAt} relative />
                  </div>
                )}
                {k.status === 'REVOKED' && k.revokedAt && (
                  <div className="muted small">
                    <Time value={k.revokedAt} relative />
                  </div>
                )}
              </td>
              <td>
                <Time value={k.createdAt} />
              </td>
              <td>
                <Time value={k.lastUsedAt} relative fallback="Never" />
              </td>
              <td className="actions-cell">
                {canManage && k.status === 'ACTIVE' && (
                  <>
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => onRotate(k)}
                      aria-label={`Rotate ${k.name}`}
                    >
                      Rotate
                    </button>
                    <button
                      type="button"
                      className="button button-small button-ghost-danger"
                      onClick={() => onRevoke(k)}
                      aria-label={`Revoke ${k.name}`}
                    >
                      Revoke
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
