import { errors } from '@gt/service-kit';

/** Every domain error core raises, by stable code (docs/core.md lists them). */
export const coreErrors = {
  userRequired: () =>
    errors.unauthorized('USER_REQUIRED', 'This route acts for a user: send their core user id in x-user-id'),
  userUnknown: () => errors.unauthorized('USER_UNKNOWN', 'The user in x-user-id does not exist'),
  userNotFound: () => errors.notFound('USER_NOT_FOUND', 'No such user'),
  sessionInvalid: () =>
    errors.unauthorized('SESSION_INVALID', 'The session token is unknown, expired or revoked'),
  personalTokenInvalid: () =>
    errors.unauthorized('PERSONAL_TOKEN_INVALID', 'The personal access token is unknown, expired or revoked'),
  personalTokenNotFound: () => errors.notFound('PERSONAL_TOKEN_NOT_FOUND', 'No such personal access token'),
  emailTaken: () => errors.conflict('EMAIL_TAKEN', 'Another account already uses this email address'),
  studioNotFound: () => errors.notFound('STUDIO_NOT_FOUND', 'No such studio'),
  forbiddenRole: (required: string, actual: string) =>
    errors.forbidden('FORBIDDEN_ROLE', `This needs the ${required} role in the studio; you are ${actual}`),
  studioHasGames: (n: number) =>
    errors.conflict(
      'STUDIO_HAS_GAMES',
      `The studio still has ${n} active game(s): archive them first, or delete with force=true`,
    ),
  memberNotFound: () => errors.notFound('MEMBER_NOT_FOUND', 'No such member of this studio'),
  invitationNotFound: () => errors.notFound('INVITATION_NOT_FOUND', 'No such invitation'),
  alreadyMember: () => errors.conflict('ALREADY_MEMBER', 'This user is already a member of the studio'),
  alreadyInvited: () =>
    errors.conflict('ALREADY_INVITED', 'This email already has a pending invitation to the studio'),
  lastOwner: () => errors.conflict('LAST_OWNER', 'A studio must keep at least one owner'),
  gameNotFound: () => errors.notFound('GAME_NOT_FOUND', 'No such game in this studio'),
  gameNameTaken: () => errors.conflict('GAME_NAME_TAKEN', 'A game with this name exists in the studio'),
  gameArchived: () => errors.conflict('GAME_ARCHIVED', 'The game is archived'),
  gameClientNotFound: () => errors.notFound('GAME_CLIENT_NOT_FOUND', 'No such game client in this game'),
  gameClientNameTaken: () =>
    errors.conflict('GAME_CLIENT_NAME_TAKEN', 'A game client with this name exists in the game'),
  signingSecretNotFound: () =>
    errors.notFound('SIGNING_SECRET_NOT_FOUND', 'No such signing secret for this game client'),
  signingSecretRequired: () =>
    errors.conflict(
      'SIGNING_SECRET_REQUIRED',
      'Create a signing secret (and ship builds that use it) before requiring signatures',
    ),
  signingLastSecret: () =>
    errors.conflict(
      'SIGNING_LAST_SECRET',
      'This is the last live signing secret of a client that requires signatures: stop requiring them first, or create a new secret',
    ),
  apiKeyNotFound: () => errors.notFound('API_KEY_NOT_FOUND', 'No such API key for this game client'),
  keyRevoked: () => errors.conflict('KEY_REVOKED', 'The key is revoked'),
  keyExpired: () => errors.conflict('KEY_EXPIRED', 'The key has expired'),
  keyAlreadyRotated: () =>
    errors.conflict('KEY_ALREADY_ROTATED', 'The key was already rotated; rotate its replacement instead'),
  alertRuleNotFound: () => errors.notFound('ALERT_RULE_NOT_FOUND', 'No such alert rule'),
  alertRuleNameTaken: () =>
    errors.conflict('ALERT_RULE_NAME_TAKEN', 'An alert rule with this name exists for the game'),
  alertHistoryNotFound: () => errors.notFound('ALERT_HISTORY_NOT_FOUND', 'No such alert history entry'),
};
