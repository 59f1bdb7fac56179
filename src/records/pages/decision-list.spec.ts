import { filterErrors, filterQuery, givenFilter, pageNumber, pagingOf, typedFilter } from './decision-list';

describe("the records page's filters and paging", () => {
  it('keeps only the export filters, the first of a repeated name, trimmed; empty fields mean any', () => {
    const typed = typedFilter({ department: [' Parks ', 'Libraries'], outcome: '', page: '2', constructor: 'x' });
    expect(typed).toEqual({ from: '', to: '', department: 'Parks', outcome: '', state: '' });
    expect(givenFilter(typed)).toEqual({ department: 'Parks' });
    expect(typedFilter('nonsense')).toEqual({ from: '', to: '', department: '', outcome: '', state: '' });
  });

  it('writes the filter as a query string in the form order, encoded', () => {
    expect(filterQuery({ outcome: 'approved', department: 'Parks & Rec', from: '2026-01-01' })).toBe(
      'from=2026-01-01&department=Parks+%26+Rec&outcome=approved',
    );
    expect(filterQuery({})).toBe('');
  });

  it("says a refusal with the field's name on the page", () => {
    expect(
      filterErrors([
        { pointer: '/from', detail: 'from must be a real date' },
        { pointer: '/outcome', detail: 'outcome must be one of: approved, rejected' },
      ]),
    ).toEqual([
      { field: 'from', message: 'Decided from must be a real date.' },
      { field: 'outcome', message: 'Outcome must be one of: approved, rejected.' },
    ]);
  });

  it('pages: first and last shown, neighbours, and a page past the end links back', () => {
    expect(pagingOf(120, 2, 25)).toMatchObject({ first: 26, last: 50, lastPage: 5, previous: 1, next: 3 });
    expect(pagingOf(0, 1, 25)).toMatchObject({ first: 0, last: 0, lastPage: 1, previous: null, next: null });
    expect(pagingOf(30, 9, 25)).toMatchObject({ previous: 2, next: null });
    expect([pageNumber({ page: '3' }), pageNumber({ page: '0' }), pageNumber({ page: '1e9' }), pageNumber({})]).toEqual(
      [3, 1, 1, 1],
    );
  });
});
