import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but null is not a value for it: its other rules then refuse null with a 400
 * naming it. (@IsOptional() lets null through, and null reached NOT NULL columns as a 500.)
 */
export const MayBeAbsent = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
