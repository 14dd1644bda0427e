/**
 * One error type for the whole product. Libraries throw it with a string code and every
 * problem found (never just the first); the edges (CLI, HTTP) choose exit codes and statuses.
 */

/** Where a problem sits: a file and a path inside it, or a line and column of a text. */
export interface Problem {
  message: string;
  /** File the problem is in, when it came from a file. */
  file?: string;
  /** Path inside a structured document, e.g. `kpis[3].formula`. */
  path?: string;
  /** 1-based row of a table or line of a text. */
  row?: number;
  /** 1-based column number, or a column name for tabular input. */
  column?: number | string;
  /** 0-based offsets into a formula text, for underlining. */
  start?: number;
  end?: number;
  /** A fix to try, e.g. "did you mean `clicks`?". */
  hint?: string;
}

/** User errors are the caller's to fix (exit 2, HTTP 4xx); internal ones are ours (exit 1, HTTP 500). */
export type ErrorKind = 'user' | 'internal';

export class MarkpiError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly problems: Problem[];

  constructor(code: string, message: string, problems: Problem[] = [], kind: ErrorKind = 'user') {
    super(message);
    this.name = 'MarkpiError';
    this.code = code;
    this.kind = kind;
    this.problems = problems;
  }
}

export function isMarkpiError(error: unknown): error is MarkpiError {
  return error instanceof MarkpiError;
}

/** Renders one problem as a single line: `file:row:column path: message (hint)`. */
export function formatProblem(problem: Problem): string {
  const place = [problem.file, problem.row, problem.column].filter((part) => part !== undefined).join(':');
  const where = [place, problem.path].filter(Boolean).join(' ');
  const hint = problem.hint ? ` (${problem.hint})` : '';
  return `${where ? `${where}: ` : ''}${problem.message}${hint}`;
}

/** Edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The closest known names to an unknown one, best first; empty when nothing is close. */
export function closestNames(unknown: string, known: Iterable<string>, limit = 3): string[] {
  const needle = unknown.toLowerCase();
  const scored: { name: string; distance: number }[] = [];
  for (const name of known) {
    const candidate = name.toLowerCase();
    const distance =
      candidate.startsWith(needle) || needle.startsWith(candidate) ? 1 : editDistance(needle, candidate);
    if (distance <= Math.max(2, Math.floor(needle.length / 3))) scored.push({ name, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((entry) => entry.name);
}

export function didYouMean(unknown: string, known: Iterable<string>): string | undefined {
  const names = closestNames(unknown, known);
  return names.length > 0 ? `did you mean ${names.map((name) => `\`${name}\``).join(' or ')}?` : undefined;
}
