import type { Problem } from '../errors.js';
import { formulaProblem, formulaSaid } from '../messages/formula.js';
import type { Said } from '../messages/say.js';
import type { Span } from './ast.js';

/**
 * Most problems reported for one formula. A hostile text can hold thousands of mistakes;
 * past this many, a reader gains nothing and an API response only grows.
 */
export const MAX_PROBLEMS = 50;

/** A 0-based offset as a message says it: the digits alone, as the underline counts them. */
export const at = (offset: number): string => String(offset);

/**
 * Collects problems in the order found, keeping at most MAX_PROBLEMS plus one summary. Each is
 * reported as a message key and parameters (`messages/formula.ts`), its English made from them.
 */
export class ProblemList {
  readonly problems: Problem[] = [];
  private dropped = 0;

  report(span: Span, said: Said, hint?: Said): void {
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push(formulaProblem(said, hint, { start: span.start, end: span.end }));
      return;
    }
    this.dropped++;
    if (this.dropped === 1) {
      this.problems.push(
        formulaProblem(
          formulaSaid('formula.too_many_problems', { limit: MAX_PROBLEMS }),
          formulaSaid('formula.hint.fix_first'),
          { start: span.start, end: span.end },
        ),
      );
    }
  }

  /** Once full, further problems are only counted, so callers can skip costly hints. */
  get full(): boolean {
    return this.problems.length >= MAX_PROBLEMS;
  }
}
