/** A zod validation failure as markpi's own error, so every edge reports bad input the same way. */
import type { ZodError } from 'zod';
import { MarkpiError, type Problem } from '../errors.js';

/** Zod issues become problems with a dotted path, the form the web UI shows next to a field. */
export function problemsFromZod(error: ZodError, where?: string): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    const placed = [where, path].filter(Boolean).join('.');
    return { message: issue.message, ...(placed ? { path: placed } : {}) };
  });
}

export function invalidRequest(error: ZodError, where: string): MarkpiError {
  const problems = problemsFromZod(error, where);
  return new MarkpiError(
    'invalid_request',
    `the request ${where} is not valid: ${problems.length} problem(s)`,
    problems,
  );
}
