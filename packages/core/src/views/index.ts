/** Saved Explore questions. */
export { type SavedView, VIEW_CHARTS, type ViewInput, viewInputSchema, viewSchema } from './schemas.js';
