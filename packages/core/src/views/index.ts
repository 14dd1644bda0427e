/** Saved Explore questions and the boards that pin them. */
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
