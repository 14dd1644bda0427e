/** Dated notes with a scope, and which charts show them. */
export { ANNOTATION_SCOPES, annotationInputSchema, annotationSchema } from './schemas.js';
export {
  type Annotation,
  type AnnotationInput,
  type AnnotationScope,
  annotationInView,
  annotationPeriod,
  annotationsInView,
} from './view.js';
