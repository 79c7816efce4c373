import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import type { RequestScope } from './request-scope';

/** The GraphQL context of one operation (HTTP request or WebSocket subscription). */
export interface GqlContext {
  req?: Request;
  res?: Response;
  scope: RequestScope;
}

export function scopeOf(ctx: ExecutionContext): RequestScope {
  return GqlExecutionContext.create(ctx).getContext<GqlContext>().scope;
}

/** The request's scope (principal, loaders), for a resolver to hand to its service. */
export const Scope = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestScope =>
  scopeOf(ctx),
);

/**
 * Refuses the field unless the caller is signed in (session cookie) or sends a valid personal
 * access token. Resolves the principal once per request; fields below a guarded root field
 * reuse it.
 */
@Injectable()
export class SignedInGuard implements CanActivate {
  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    await scopeOf(ctx).requireUser();
    return true;
  }
}

export const SignedIn = (): MethodDecorator & ClassDecorator => UseGuards(SignedInGuard);
