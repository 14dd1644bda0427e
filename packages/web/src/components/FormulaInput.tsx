/**
 * A formula or filter field that the server checks as you type. Problems come back with
 * offsets into the text; a mirror layer behind the transparent textarea draws them as wavy
 * underlines at exactly those characters, and the list below says what is wrong.
 */

import { sayProblemOnPage as sayProblem } from '@markpi/core';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormulaCheck, Problem } from '../api/types';
import { useLanguage } from '../i18n';

const DEBOUNCE_MS = 300;

interface Span {
  start: number;
  end: number;
}

/** Problems with offsets, clamped to the text and merged where they overlap. */
export function underlineSpans(text: string, problems: readonly Problem[]): Span[] {
  const spans = problems
    .filter((problem) => problem.start !== undefined)
    .map((problem) => {
      const start = Math.min(Math.max(problem.start ?? 0, 0), text.length);
      // A problem at the very end (a missing operand) still needs something to underline.
      const end = Math.min(Math.max(problem.end ?? start + 1, start + 1), Math.max(text.length, start + 1));
      return { start, end };
    })
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function Mirror({ text, spans }: { text: string; spans: Span[] }) {
  const parts: ReactNode[] = [];
  let position = 0;
  for (const span of spans) {
    if (span.start > position) parts.push(text.slice(position, span.start));
    const marked = text.slice(span.start, span.end);
    parts.push(
      <mark key={span.start} className="formula-problem" data-testid="formula-problem">
        {marked.length > 0 && span.start < text.length ? marked : '\u00a0'}
      </mark>,
    );
    position = Math.min(span.end, text.length);
  }
  if (position < text.length) parts.push(text.slice(position));
  // A trailing newline would be eaten by the layout; keep the mirror's height in step.
  parts.push('\u200b');
  return <>{parts}</>;
}

export interface FormulaInputProps {
  value: string;
  onChange: (value: string) => void;
  /** Asks the server; absent when checking isn't possible (a share link). */
  check?: (text: string) => Promise<FormulaCheck>;
  /** Problems found elsewhere (a query refused with offsets into this text). */
  extraProblems?: readonly Problem[];
  onChecked?: (result: FormulaCheck | null) => void;
  placeholder?: string;
  rows?: number;
  label: string;
  disabled?: boolean;
  testId?: string;
}

export function FormulaInput({
  value,
  onChange,
  check,
  extraProblems = [],
  onChecked,
  placeholder,
  rows = 2,
  label,
  disabled = false,
  testId,
}: FormulaInputProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const id = useId();
  const [result, setResult] = useState<FormulaCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const mirror = useRef<HTMLDivElement>(null);
  const onCheckedRef = useRef(onChecked);
  onCheckedRef.current = onChecked;
  const checkRef = useRef(check);
  checkRef.current = check;

  useEffect(() => {
    const run = checkRef.current;
    if (!run || value.trim() === '') {
      setResult(null);
      onCheckedRef.current?.(null);
      return;
    }
    let cancelled = false;
    const timer = window.setTimeout(() => {
      setChecking(true);
      run(value).then(
        (answer) => {
          if (cancelled) return;
          setResult(answer);
          setChecking(false);
          onCheckedRef.current?.(answer);
        },
        () => {
          // The check is a courtesy; when it fails the query itself still reports problems.
          if (!cancelled) setChecking(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [value]);

  const problems = [...(result?.problems ?? []), ...extraProblems];
  const spans = underlineSpans(value, problems);
  const invalid = problems.length > 0;

  return (
    <div className="formula-field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className={`formula-box${invalid ? ' formula-invalid' : ''}`}>
        <div className="formula-mirror" ref={mirror} aria-hidden="true">
          <Mirror text={value} spans={spans} />
        </div>
        <textarea
          id={id}
          className="formula-input"
          value={value}
          rows={rows}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          placeholder={placeholder}
          disabled={disabled}
          aria-invalid={invalid}
          data-testid={testId}
          onChange={(event) => onChange(event.target.value)}
          onScroll={(event) => {
            if (mirror.current) mirror.current.scrollTop = event.currentTarget.scrollTop;
          }}
        />
      </div>
      <div className="formula-status" aria-live="polite">
        {checking ? <span className="muted">{t('formula.checking')}</span> : null}
        {!checking && result?.valid && extraProblems.length === 0 ? (
          <span className="ok">
            ✓ {t('formula.valid')}
            {result.unit ? (
              <span className="muted"> · {t('formula.computes', { unit: result.unit })}</span>
            ) : null}
          </span>
        ) : null}
      </div>
      {problems.length > 0 ? (
        <ul className="formula-problems">
          {problems.map((problem, index) => (
            // Said in the dashboard's language from the problem's key, its hint too.
            <ProblemLine
              key={index}
              problem={sayProblem(problem, language === 'zh-CN' ? 'zh' : 'en') ?? problem}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ProblemLine({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  return (
    <li>
      {problem.start !== undefined ? (
        <span className="problem-at">{t('formula.at', { position: problem.start + 1 })}</span>
      ) : null}
      {problem.message}
      {problem.hint ? <span className="muted"> — {problem.hint}</span> : null}
    </li>
  );
}
