import { Badge, type BadgeTone } from '../components/Badge';
import { Time } from '../components/Time';
import type { ApiKeyStatus, SigningSecretStatus } from '../generated/graphql';

const STATUS: Record<ApiKeyStatus | SigningSecretStatus, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: 'Active', tone: 'good' },
  REVOKED: { label: 'Revoked', tone: 'bad' },
  EXPIRED: { label: 'Expired', tone: 'neutral' },
};

interface CredentialStatusProps {
  status: ApiKeyStatus | SigningSecretStatus;
  revokedAt: string | null;
  /** When an active one stops working; leave out where a column of its own shows it. */
  expiresAt?: string | null;
}

/** The status cell of an API key or a signing secret: a badge, and when it ends or ended. */
export function CredentialStatus({ status, revokedAt, expiresAt }: CredentialStatusProps) {
  return (
    <>
      <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>
      {status === 'ACTIVE' && expiresAt && (
        <div className="muted small">
          expires <Time value={expiresAt} relative />
        </div>
      )}
      {status === 'REVOKED' && revokedAt && (
        <div className="muted small">
          <Time value={revokedAt} relative />
        </div>
      )}
    </>
  );
}
