import { pageNumber, pagerOf } from './pager';

describe('a list page’s pager', () => {
  it('reads ?page= as a positive whole number, anything else as the first page', () => {
    expect(pageNumber('3')).toBe(3);
    for (const value of [undefined, '', '0', '-1', '1.5', 'constructor', ['2'], '9999999'])
      expect(pageNumber(value)).toBe(1);
  });

  it('says which items it shows and links either side with the same filter, leaving empty values out', () => {
    expect(pagerOf('/admin/users', { role: 'admin', q: '' }, 2, 10, 25)).toEqual({
      total: 25,
      page: 2,
      first: 11,
      last: 20,
      previous: '/admin/users?role=admin',
      next: '/admin/users?role=admin&page=3',
    });
    expect(pagerOf('/x', {}, 1, 10, 0)).toMatchObject({ first: 0, last: 0, previous: null, next: null });
  });

  it('links a page past the end back to the last page that has items', () => {
    expect(pagerOf('/x', { q: 'a b' }, 9, 10, 25)).toMatchObject({
      first: 0,
      last: 0,
      previous: '/x?q=a+b&page=3',
      next: null,
    });
  });
});
