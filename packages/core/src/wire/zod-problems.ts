/** A zod validation failure as markpi's own error, so every edge reports bad input the same way. */
import type { ZodError } from 'zod';
import { MarkpiError, type Problem } from '../errors.js';
import type { Said } from '../messages/say.js';

/** Zod issues become problems with a dotted path, the form the web UI shows next to a field. */
export function problemsFromZod(error: ZodError, where?: string): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    const placed = [where, path].filter(Boolean).join('.');
    // A refinement may carry its message as a key and parameters (`params: { said }`).
    const said =
      issue.code === 'custom'
        ? (issue.params as { said?: Said } | undefined)?.said
        : optionSaid(issue.message);
    return { message: issue.message, ...(placed ? { path: placed } : {}), ...(said ? { said } : {}) };
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

const INVALID_OPTION = 'Invalid option: expected one of ';

/** A value an enum does not take (a grain, a comparison), said with the options as zod lists them. */
export function optionSaid(message: string): Said | undefined {
  return message.startsWith(INVALID_OPTION)
    ? { key: 'request.invalid_option', params: { options: message.slice(INVALID_OPTION.length) } }
    : undefined;
}
