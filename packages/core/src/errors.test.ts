import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type CodeOfKind,
  ERROR_CODES,
  ERROR_KINDS,
  type ErrorCode,
  isErrorCode,
  isMarkpiError,
  isUserError,
  kindOf,
  MarkpiError,
} from './errors.js';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

describe('the error registry', () => {
  it('gives every code one of the kinds, and every kind a code', () => {
    for (const code of CODES) expect(ERROR_KINDS).toContain(ERROR_CODES[code]);
    for (const kind of ERROR_KINDS) expect(CODES.some((code) => ERROR_CODES[code] === kind)).toBe(true);
  });

  it('derives an error’s kind from its code', () => {
    for (const code of CODES) {
      const error = new MarkpiError(code, 'x');
      expect(error.kind).toBe(kindOf(code));
      expect(error.kind).toBe(ERROR_CODES[code]);
    }
    expect(new MarkpiError('unknown_kpi', 'x').kind).toBe('invalid_input');
    expect(new MarkpiError('workspace_not_found', 'x').kind).toBe('not_found');
    expect(new MarkpiError('kpi_in_use', 'x').kind).toBe('conflict');
    expect(new MarkpiError('share_link_expired', 'x').kind).toBe('forbidden');
    expect(new MarkpiError('bad_credentials', 'x').kind).toBe('unauthenticated');
    expect(new MarkpiError('store_unreachable', 'x').kind).toBe('unavailable');
    expect(new MarkpiError('port_in_use', 'x').kind).toBe('unavailable');
    expect(new MarkpiError('internal_branch', 'x').kind).toBe('internal');
  });

  it('knows its own codes and nothing else, not even the names every object has', () => {
    for (const code of CODES) expect(isErrorCode(code)).toBe(true);
    const others = ['user', 'toString', 'constructor', '__proto__', 'hasOwnProperty', '', 'UNKNOWN_KPI'];
    for (const other of others) expect(isErrorCode(other)).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });

  it('tells the user’s mistakes from our bugs and from services being down', () => {
    expect(isUserError(new MarkpiError('invalid_query', 'x'))).toBe(true);
    expect(isUserError(new MarkpiError('path_not_found', 'x'))).toBe(true);
    expect(isUserError(new MarkpiError('internal_branch', 'x'))).toBe(false);
    expect(isUserError(new MarkpiError('store_unreachable', 'x'))).toBe(false);
    expect(isUserError(new Error('x'))).toBe(false);
    expect(isMarkpiError(new MarkpiError('internal', 'x'))).toBe(true);
  });

  it('narrows codes by kind in types', () => {
    const notFound: CodeOfKind<'not_found'>[] = ['not_found', 'kpi_not_found', 'path_not_found'];
    // @ts-expect-error a conflict is not a not-found code
    const wrong: CodeOfKind<'not_found'> = 'kpi_in_use';
    expect(notFound.every((code) => ERROR_CODES[code] === 'not_found')).toBe(true);
    expect(ERROR_CODES[wrong]).toBe('conflict');
  });
});

// ---------------------------------------------------------------- the registry against the sources

const packagesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const sources = readdirSync(packagesRoot).flatMap((name) => {
  try {
    return sourceFiles(path.join(packagesRoot, name, 'src'));
  } catch {
    return [];
  }
});
const registryFile = fileURLToPath(new URL('./errors.ts', import.meta.url));
const texts = sources.filter((file) => file !== registryFile).map((file) => readFileSync(file, 'utf8'));

describe('the registry against the code that throws', () => {
  it('holds every code written where an error is made', () => {
    // Read from the text, apart from the type checker: the first argument of each constructor.
    const made = new Set<string>();
    for (const text of texts) {
      for (const match of text.matchAll(
        /(?:new MarkpiError|importError|fail\.notFound|fail\.conflict)\(\s*'([^']+)'/g,
      )) {
        made.add(match[1]!);
      }
    }
    expect(made.size).toBeGreaterThan(100);
    expect([...made].filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('holds no code that nothing uses', () => {
    const unused = CODES.filter((code) => !texts.some((text) => text.includes(`'${code}'`)));
    expect(unused).toEqual([]);
  });
});
