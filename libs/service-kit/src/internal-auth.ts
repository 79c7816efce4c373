import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request } from 'express';
import { DomainError } from './errors';

export const SERVICE_TOKEN_HEADER = 'x-service-token';
export const SERVICE_TOKEN = Symbol('SERVICE_TOKEN');
export const SERVICE_SECURITY_SCHEME = 'service-token';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Checks the shared service credential on internal routes (constant-time comparison). */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(SERVICE_TOKEN) token: string) {
    this.expected = digest(token);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    const given = req.header(SERVICE_TOKEN_HEADER);
    if (!given || !timingSafeEqual(digest(given), this.expected)) {
      throw new DomainError(
        'SERVICE_CREDENTIAL_REQUIRED',
        'This route requires a valid service credential',
        401,
      );
    }
    return true;
  }
}

/** Marks a controller or route as internal: only other services of the platform may call it. */
export function Internal(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseGuards(ServiceTokenGuard),
    ApiSecurity(SERVICE_SECURITY_SCHEME),
    ApiUnauthorizedResponse({
      description: 'Missing or wrong service credential (SERVICE_CREDENTIAL_REQUIRED).',
    }),
  );
}
