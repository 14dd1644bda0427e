/** Saved Explore questions and the boards that pin them. */
export {
  type BoardAnswer,
  type BoardCard,
  boardAnswerSchema,
  boardCardSchema,
  OVERVIEW_TILE_LIMIT,
  OVERVIEW_TILE_SCOPES,
  type OverviewTiles,
  type OverviewTilesInput,
  overviewTilesInputSchema,
  overviewTilesSchema,
} from './answer.js';
export { type BoardCardKind, boardCardKind, picksFilter, viewFilter } from './cards.js';
export {
  type Board,
  type BoardInput,
  boardInputSchema,
  boardSchema,
  type SavedView,
  VIEW_CHARTS,
  type ViewInput,
  viewInputSchema,
  viewSchema,
} from './schemas.js';
