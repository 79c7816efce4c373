import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../repositories/audit.repository';
import type { AuditEntryDto } from '../dtos/audit.dto';
import type { PageQuery } from '../dtos/common.dto';
import { LIMITS } from '../common/domain';
import { decodeCursor, type Page } from '../common/pagination';
import { AccessService } from './access.service';

/** Reading the audit log; entries are written by each service in the transaction of the change. */
@Injectable()
export class AuditService {
  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditRepository,
  ) {}

  async list(studioId: string, userId: string, q: PageQuery): Promise<Page<AuditEntryDto>> {
    const cursor = decodeCursor(q.cursor);
    return this.access.asMember(studioId, userId, 'member', () =>
      this.audit.list(cursor, q.limit ?? LIMITS.pageSizeDefault),
    );
  }
}
