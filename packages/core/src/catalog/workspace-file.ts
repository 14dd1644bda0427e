/**
 * Reads a workspace file (`markpi.yaml`): custom measures and KPIs in the catalog's own form.
 * Every problem comes back at once, each with the file, the path inside it and its line.
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { isMarkpiError, MarkpiError, type Problem } from '../errors.js';
import { buildCatalog, type Catalog } from './catalog.js';

export const WORKSPACE_FILE_NAME = 'markpi.yaml';

function pathParts(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) parts.push(Number(match[2]));
    else if (match[1] !== undefined) parts.push(match[1]);
  }
  return parts;
}

/** Parses the text of a workspace file and builds the catalog it describes. */
export function catalogFromWorkspaceFile(text: string, file: string = WORKSPACE_FILE_NAME): Catalog {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new MarkpiError(
      'invalid_workspace_file',
      `${file}: not valid YAML`,
      document.errors.map((error) => ({
        file,
        message: error.message.split('\n')[0] ?? error.message,
        row: error.linePos?.[0]?.line,
        column: error.linePos?.[0]?.col,
      })),
    );
  }
  const content: unknown = document.toJS() ?? {};
  if (typeof content !== 'object' || Array.isArray(content)) {
    throw new MarkpiError('invalid_workspace_file', `${file}: expected a mapping with measures and kpis`, [
      { file, message: 'expected a mapping with `measures:` and `kpis:`', row: 1 },
    ]);
  }
  try {
    return buildCatalog(content, { file });
  } catch (error) {
    if (!isMarkpiError(error)) throw error;
    const located = error.problems.map((problem): Problem => {
      if (!problem.path) return problem;
      const parts = pathParts(problem.path);
      // Walk back up the path until a node exists (a missing key points at its parent).
      for (let length = parts.length; length > 0; length--) {
        const node = document.getIn(parts.slice(0, length), true) as
          | { range?: [number, number, number] }
          | undefined;
        const range = node && (isMap(node) || isSeq(node) || 'range' in node) ? node.range : undefined;
        if (range) {
          const position = lineCounter.linePos(range[0]);
          // Offsets inside a formula shift the column to the exact character.
          const offset =
            problem.start !== undefined && parts.at(-1) === 'formula' && length === parts.length
              ? problem.start + 1
              : 0;
          return { ...problem, row: position.line, column: position.col + offset };
        }
      }
      return problem;
    });
    throw new MarkpiError(error.code, error.message, located);
  }
}
