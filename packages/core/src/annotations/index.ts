/** Dated notes with a scope, and which charts show them. */
export {
  ANNOTATION_SCOPES,
  type Annotation,
  type AnnotationInput,
  type AnnotationScope,
  annotationInputSchema,
  annotationInView,
  annotationPeriod,
  annotationSchema,
  annotationsInView,
} from './annotations.js';
