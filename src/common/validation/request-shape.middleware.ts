import type { NextFunction, Request, Response } from 'express';
import { ValidationException } from '../errors/app.exception';
import { jsonShapeErrors } from './json-shape';

/**
 * Runs right after the JSON body parser, before any guard or pipe: a body too deep for class-transformer,
 * a `__proto__` key or a NUL character gets a 400 naming the field, on every route, logged in or not.
 * Query parameters get the NUL check too (pointers name the parameter).
 */
export function requestShape(req: Request, _res: Response, next: NextFunction): void {
  const errors = [...jsonShapeErrors(req.body), ...jsonShapeErrors(req.query)];
  next(errors.length > 0 ? new ValidationException(errors) : undefined);
}
