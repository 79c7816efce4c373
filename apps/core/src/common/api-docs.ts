import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemDto } from '../dtos/common.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED with field errors, or a specific code)',
  401: 'Not authenticated',
  403: 'The member lacks the role (FORBIDDEN_ROLE)',
  404: 'Unknown id, or a studio the user is not a member of',
  409: 'Conflict with the current state',
  503: 'The database is unavailable (DATABASE_UNAVAILABLE, with Retry-After)',
};

/** Problem-details responses of a route, beside the success response. */
export function ApiProblems(...statuses: (400 | 401 | 403 | 404 | 409)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[...statuses, 503 as const].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ProblemDto }),
    ),
  );
}
