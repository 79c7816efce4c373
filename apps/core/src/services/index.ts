import { AccessService } from './access.service';
import { AlertHistoryService } from './alert-history.service';
import { AlertRulesService } from './alert-rules.service';
import { ApiKeysService } from './api-keys.service';
import { AuditService } from './audit.service';
import { GameClientsService } from './game-clients.service';
import { GamesService } from './games.service';
import { KeyUsageTracker } from './key-usage.tracker';
import { MembersService } from './members.service';
import { PersonalTokensService } from './personal-tokens.service';
import { SessionsService } from './sessions.service';
import { StudiosService } from './studios.service';
import { UsersService } from './users.service';
import { SigningService } from './signing.service';

export const services = [
  AccessService,
  AlertHistoryService,
  AlertRulesService,
  ApiKeysService,
  AuditService,
  GameClientsService,
  GamesService,
  KeyUsageTracker,
  MembersService,
  PersonalTokensService,
  SessionsService,
  StudiosService,
  UsersService,
  SigningService,
];
