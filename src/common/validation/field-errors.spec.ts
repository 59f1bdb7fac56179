import { IsEmail, IsInt, MaxLength, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { toFieldErrors } from './field-errors';

class Item {
  @IsInt()
  count: number;
}

class Body {
  @IsEmail()
  @MaxLength(10)
  email: string;

  @ValidateNested({ each: true })
  @Type(() => Item)
  items: Item[];
}

describe('toFieldErrors', () => {
  it('gives one entry per field, with a JSON pointer, nested ones included', () => {
    const body = plainToInstance(Body, { email: 'not-an-email-at-all', items: [{ count: 1 }, { count: 'x' }] });
    const errors = toFieldErrors(validateSync(body));
    expect(errors).toEqual([
      { pointer: '/email', detail: 'email must be shorter than or equal to 10 characters; email must be an email' },
      { pointer: '/items/1/count', detail: 'count must be an integer number' },
    ]);
  });

  it('escapes ~ and / in property names per RFC 6901', () => {
    expect(toFieldErrors([{ property: 'a/b~c', constraints: { x: 'bad' }, children: [] }])).toEqual([
      { pointer: '/a~1b~0c', detail: 'bad' },
    ]);
  });
});
