import { AlertHistoryRepository } from './alert-history.repository';
import { AlertRulesRepository } from './alert-rules.repository';
import { ApiKeysRepository } from './api-keys.repository';
import { AuditRepository } from './audit.repository';
import { GameClientsRepository } from './game-clients.repository';
import { GamesRepository } from './games.repository';
import { MembershipsRepository } from './memberships.repository';
import { PersonalTokensRepository } from './personal-tokens.repository';
import { SessionsRepository } from './sessions.repository';
import { StudiosRepository } from './studios.repository';
import { UsersRepository } from './users.repository';
import { SigningSecretsRepository } from './signing-secrets.repository';

export const repositories = [
  AlertHistoryRepository,
  AlertRulesRepository,
  ApiKeysRepository,
  AuditRepository,
  GameClientsRepository,
  GamesRepository,
  MembershipsRepository,
  PersonalTokensRepository,
  SessionsRepository,
  StudiosRepository,
  UsersRepository,
  SigningSecretsRepository,
];
