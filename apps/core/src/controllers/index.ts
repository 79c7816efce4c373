import { AlertRulesController } from './alert-rules.controller';
import { ApiKeysController } from './api-keys.controller';
import { GameClientsController } from './game-clients.controller';
import { GamesController } from './games.controller';
import { InternalIdentityController } from './internal-identity.controller';
import { InternalMachineController } from './internal-machine.controller';
import { MeController } from './me.controller';
import { MembersController } from './members.controller';
import { SigningController } from './signing.controller';
import { StudioLogsController } from './studio-logs.controller';
import { StudiosController } from './studios.controller';

export const controllers = [
  InternalIdentityController,
  InternalMachineController,
  MeController,
  StudiosController,
  MembersController,
  GamesController,
  GameClientsController,
  ApiKeysController,
  SigningController,
  AlertRulesController,
  StudioLogsController,
];
