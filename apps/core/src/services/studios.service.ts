import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database';
import { isForeignKeyViolation } from '../database/database-errors';
import { Migrator } from '../database/migrator';
import { AlertRulesRepository } from '../repositories/alert-rules.repository';
import { AuditRepository } from '../repositories/audit.repository';
import { GamesRepository } from '../repositories/games.repository';
import { MembershipsRepository } from '../repositories/memberships.repository';
import { StudiosRepository } from '../repositories/studios.repository';
import type { StudioDto } from '../dtos/studio.dto';
import { coreErrors } from '../common/errors';
import { isoRequired } from '../common/pagination';
import { AccessService } from './access.service';

@Injectable()
export class StudiosService {
  private readonly logger = new Logger('StudiosService');

  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly studios: StudiosRepository,
    private readonly memberships: MembershipsRepository,
    private readonly games: GamesRepository,
    private readonly alertRules: AlertRulesRepository,
    private readonly audit: AuditRepository,
    private readonly migrator: Migrator,
  ) {}

  /**
   * Registry row, owner membership, schema, every tenant migration and the first audit entry,
   * in one transaction: PostgreSQL DDL is transactional, so a failure at any step leaves no
   * schema and no registry row behind.
   */
  async create(userId: string, name: string): Promise<StudioDto> {
    try {
      return await this.db.transaction(async () => {
        const studio = await this.studios.insertWithSchema(name, userId);
        await this.memberships.insert(studio.id, userId, 'owner');
        await this.db.inTenant(studio.id, async () => {
          await this.migrator.applyTenantMigrations();
          await this.audit.insert({ kind: 'user', userId }, 'studio.created', 'studio', studio.id, { name });
        });
        return {
          id: studio.id,
          name: studio.name,
          role: 'owner' as const,
          createdAt: isoRequired(studio.createdAt),
          updatedAt: isoRequired(studio.updatedAt),
        };
      });
    } catch (e) {
      if (isForeignKeyViolation(e)) throw coreErrors.userUnknown();
      throw e;
    }
  }

  async listMine(userId: string): Promise<StudioDto[]> {
    return this.studios.listForUser(userId);
  }

  async get(studioId: string, userId: string): Promise<StudioDto> {
    return this.access.asMember(
      studioId,
      userId,
      'member',
      async () => (await this.studios.findForMember(studioId, userId))!,
    );
  }

  async rename(studioId: string, userId: string, name: string): Promise<StudioDto> {
    return this.access.asMember(studioId, userId, 'owner', async () => {
      const before = (await this.studios.findForMember(studioId, userId))!;
      await this.studios.rename(studioId, name);
      await this.alertRules.renameStudioInIndex(studioId, name);
      await this.audit.insert({ kind: 'user', userId }, 'studio.renamed', 'studio', studioId, {
        from: before.name,
        to: name,
      });
      return (await this.studios.findForMember(studioId, userId))!;
    });
  }

  /**
   * Deletes the registry row (memberships, invitations and key-index rows cascade), marks its
   * alert rules deleted in the shared index, then drops the schema: one transaction. Refused
   * while the studio has active games, unless forced.
   */
  async delete(studioId: string, userId: string, force: boolean): Promise<void> {
    await this.db.transaction(async () => {
      const activeGames = await this.access.asMember(studioId, userId, 'owner', async () => {
        await this.studios.lock(studioId);
        return this.games.countActive();
      });
      if (activeGames > 0 && !force) throw coreErrors.studioHasGames(activeGames);
      await this.alertRules.tombstoneStudio(studioId);
      await this.studios.deleteWithSchema(studioId);
    });
    // The studio's audit log went with its schema; the service log keeps the last word.
    this.logger.log({ studioId, userId, force }, 'studio deleted');
  }
}
