import { AuthMethod } from '../graphql/enums';

export interface PrincipalUser {
  id: string;
  email: string;
  name: string;
  avatarUrl: string | null;
}

/** Who a request acts for, as core confirmed it. A personal access token acts exactly as its owner. */
export interface Principal {
  user: PrincipalUser;
  method: AuthMethod;
  /** The session's id (cookie) or the token's id (bearer), for logs and revocation. */
  credentialId: string;
}
