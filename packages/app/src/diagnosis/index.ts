/** "Why did this KPI move" and "which funnel step is weakest", over the workspace's data. */
export * from './explain-change.js';
export * from './findings.js';
export {
  fetchInputs,
  type InputAnswer,
  type InputCatalog,
  type InputQuery,
  type InputRow,
  inputCatalog,
} from './inputs.js';
export { type Said, say, WHY_TEMPLATES, whyMessage, whyTemplates } from './messages.js';
export {
  fetchSegments,
  NO_VALUE,
  pathMessage,
  type SegmentAnswer,
  type SegmentRequest,
  type SegmentValues,
} from './segments.js';
export * from './weakest-link.js';
