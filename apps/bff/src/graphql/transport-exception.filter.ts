import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';

/**
 * The service kit's global filter is `@Catch()` and writes problem details to an HTTP
 * response; on a GraphQL resolver there is no such response (the second argument is the
 * resolver's args), so it would turn every resolver error into a TypeError. This filter is
 * registered after it, which makes Nest try it first: HTTP errors (the /auth routes, the IDE,
 * the portal) still go to the kit's filter, GraphQL errors are rethrown untouched so that
 * Apollo's formatError (graphql/errors.ts) maps them to `extensions.code`.
 */
@Catch()
export class TransportExceptionFilter implements ExceptionFilter {
  constructor(private readonly http: ExceptionFilter) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() === 'http') return this.http.catch(exception, host);
    throw exception;
  }
}
