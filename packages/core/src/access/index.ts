/** Row-level access: scopes of members and share links, and the pages a share link opens. */
export { ACCESS_MESSAGES } from './messages.js';
export { accessScopeSchema, sharePageSchema, sharePagesSchema } from './schemas.js';
export {
  type AccessScope,
  andExpr,
  filterTextWithinScope,
  filterWithinScope,
  isScoped,
  rowInScope,
  SCOPE_DIMENSIONS,
  type ScopeKey,
  scopeFilterExpr,
  scopeRestrictions,
  scopeValues,
} from './scope.js';
export {
  isSharePage,
  LEGACY_SHARE_PAGES,
  opensBoard,
  opensOverview,
  opensQueries,
  type SharePage,
  sharedBoards,
} from './share-pages.js';
