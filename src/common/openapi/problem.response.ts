import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';

export class FieldErrorView {
  @ApiProperty({ description: 'JSON Pointer (RFC 6901) to the field, e.g. /title or /answers/scale_people.' })
  pointer: string;

  @ApiProperty({ example: 'title must be shorter than or equal to 200 characters' })
  detail: string;
}

/** RFC 9457 problem details, as ProblemDetailsFilter renders every error. */
export class ProblemView {
  @ApiProperty({ example: 'urn:privacy-review:problem:validation', description: 'A stable URN per kind of problem.' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiPropertyOptional({ type: String })
  detail?: string;

  @ApiPropertyOptional({ type: String, description: 'The request path.' })
  instance?: string;

  @ApiPropertyOptional({ type: String, description: 'Quote it when reporting a problem.' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorView], description: 'One entry per rejected field.' })
  errors?: FieldErrorView[];
}

const MEANINGS: Record<number, string> = {
  400: 'A field or parameter is invalid; errors name each one. Nothing was changed.',
  401: 'No valid access token.',
  403: "The caller's roles do not allow this.",
  404: 'No such resource, or the caller may not reach it.',
  409: 'Not possible in the current state; the problem says why.',
  412: 'If-Match does not match the current version (or is a weak tag).',
  413: 'The body is larger than allowed.',
  422: 'Understood but not acceptable; the problem says why.',
  428: 'If-Match is required.',
  429: 'Too many attempts; Retry-After says when to try again.',
  503: 'A dependency is unavailable; try again (Retry-After).',
};

/** Declares the problem+json answers a route gives, by status. */
export function ApiProblems(...statuses: (keyof typeof MEANINGS)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemView),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: MEANINGS[status],
        content: { [PROBLEM_CONTENT_TYPE.split(';')[0]]: { schema: { $ref: getSchemaPath(ProblemView) } } },
      }),
    ),
  );
}
