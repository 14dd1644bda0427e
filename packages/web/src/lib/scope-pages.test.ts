import { describe, expect, it } from 'vitest';
import { pageClosedToScope } from './scope-pages';

describe('the pages the sidebar leaves out for a scoped member', () => {
  it('closes nothing to an unscoped member, and an empty scope is no scope', () => {
    for (const page of ['attribution', 'cohorts', 'imports', 'search', 'audiences', 'creators']) {
      expect(pageClosedToScope(page, null)).toBe(false);
      expect(pageClosedToScope(page, { channels: [] })).toBe(false);
    }
  });

  it('closes attribution, cohorts and imports to any scope, search and audiences to accounts or campaigns', () => {
    const closed = (scope: Parameters<typeof pageClosedToScope>[1]) =>
      [
        'overview',
        'attribution',
        'cohorts',
        'imports',
        'search',
        'audiences',
        'creators',
        'lift',
        'incidents',
      ].filter((page) => pageClosedToScope(page, scope));
    expect(closed({ channels: ['douyin'] })).toEqual(['attribution', 'cohorts', 'imports']);
    const narrower = ['attribution', 'cohorts', 'imports', 'search', 'audiences'];
    expect(closed({ accounts: ['dy_001'] })).toEqual(narrower);
    expect(closed({ campaigns: ['c618'] })).toEqual(narrower);
    expect(closed({ channels: ['douyin'], campaigns: ['c618'] })).toEqual(narrower);
  });
});
