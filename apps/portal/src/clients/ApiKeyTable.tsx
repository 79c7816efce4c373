import { DataTable } from '../components/DataTable';
import { Time } from '../components/Time';
import type { ApiKeyFieldsFragment } from '../generated/graphql';
import { CredentialStatus } from './CredentialStatus';

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
    <DataTable columns={['Key', 'Status', 'Created', 'Last used']} actions>
      {sorted.map((k) => (
        <tr key={k.id} data-testid={`api-key-${k.id}`}>
          <td>
            <div className="strong">{k.name}</div>
            <code className="mono muted">{k.displayPrefix}…</code>
          </td>
          <td>
            <CredentialStatus status={k.status} revokedAt={k.revokedAt} expiresAt={k.expiresAt} />
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
    </DataTable>
  );
}
