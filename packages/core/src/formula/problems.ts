import type { Problem } from '../errors.js';
import type { Span } from './ast.js';

/**
 * Most problems reported for one formula. A hostile text can hold thousands of mistakes;
 * past this many, a reader gains nothing and an API response only grows.
 */
export const MAX_PROBLEMS = 50;

/** Collects problems in the order found, keeping at most MAX_PROBLEMS plus one summary. */
export class ProblemList {
  readonly problems: Problem[] = [];
  private dropped = 0;

  report(span: Span, message: string, hint?: string): void {
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ message, start: span.start, end: span.end, ...(hint ? { hint } : {}) });
      return;
    }
    this.dropped++;
    if (this.dropped === 1) {
      this.problems.push({
        message: `more than ${MAX_PROBLEMS} problems; only the first ${MAX_PROBLEMS} are shown`,
        start: span.start,
        end: span.end,
        hint: 'fix these first',
      });
    }
  }

  /** Once full, further problems are only counted, so callers can skip costly hints. */
  get full(): boolean {
    return this.problems.length >= MAX_PROBLEMS;
  }
}
