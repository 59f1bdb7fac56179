import { ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import { ValidationException } from '../errors/app.exception';
import { toFieldErrors } from './field-errors';

/**
 * Unknown fields are refused, not silently dropped; the first failing rule per field is reported
 * (DTOs list their type check last, as class-validator runs decorators bottom-up).
 */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: true,
};

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new ValidationException(toFieldErrors(errors)),
  });
}

/** The pipe's checks, for the few places that see a body before pipes run (guards). */
export async function validateBody<T extends object>(type: new () => T, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationException([{ pointer: '', detail: 'the body must be a JSON object' }]);
  }
  const instance = plainToInstance(type, body);
  const errors = await validate(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw new ValidationException(toFieldErrors(errors));
  return instance;
}
