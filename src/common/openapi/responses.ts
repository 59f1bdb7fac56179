import type { Type } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/** The shape of every list: { items, total, page, pageSize }, as a named schema per item type. */
export function PageOf(item: Type<unknown>): Type<unknown> {
  class Page {
    @ApiProperty({ type: [item] })
    items: unknown[];

    @ApiProperty({ description: 'Items matching, over all pages.' })
    total: number;

    @ApiProperty()
    page: number;

    @ApiProperty()
    pageSize: number;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/Response$/, '')}PageResponse` });
  return Page;
}

/** A 200 (or other 2xx) whose body is not JSON: a file, a page or a signed text. */
export function ApiContentResponse(mediaType: string, description: string, status = 200) {
  const binary = !/^text\/|jose|svg/.test(mediaType);
  return ApiResponse({
    status,
    description,
    content: { [mediaType]: { schema: { type: 'string', ...(binary ? { format: 'binary' } : {}) } } },
  });
}

/** Any JSON value, null included (an answer can be text, a number, a list or an object). */
export const ANY_VALUE = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true, nullable: true },
  ],
};
