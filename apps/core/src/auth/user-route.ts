import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SERVICE_SECURITY_SCHEME, ServiceTokenGuard } from '@gt/service-kit';
import type { Request } from 'express';
import { isUuid } from '../database/tenancy';
import { coreErrors } from '../common/errors';

export const USER_ID_HEADER = 'x-user-id';
export const USER_SECURITY_SCHEME = 'user-id';

/** Requires x-user-id to be a user id; membership and role are checked by the services. */
@Injectable()
export class UserIdGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const value = ctx.switchToHttp().getRequest<Request>().header(USER_ID_HEADER);
    if (!value || !isUuid(value)) throw coreErrors.userRequired();
    return true;
  }
}

/**
 * A route called by the BFF on a user's behalf: the service credential (checked first) plus
 * the user's core id. Documented as two security schemes required together, so generated
 * clients set both headers once instead of per call.
 */
export function UserRoute(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseGuards(ServiceTokenGuard, UserIdGuard),
    ApiSecurity({ [SERVICE_SECURITY_SCHEME]: [], [USER_SECURITY_SCHEME]: [] }),
    ApiUnauthorizedResponse({
      description: 'Missing service credential (SERVICE_CREDENTIAL_REQUIRED) or user id (USER_REQUIRED).',
    }),
  );
}

/** The acting user's id (lowercased), from x-user-id; only on routes guarded by UserRoute(). */
export const CurrentUserId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string =>
  ctx.switchToHttp().getRequest<Request>().header(USER_ID_HEADER)!.toLowerCase(),
);
