/**
 * Turns formula text into a syntax tree by precedence climbing. From weakest to strongest:
 * `or`, `and`, `not`, comparisons and `in`, `+ -`, `* /`, unary minus. Comparisons don't
 * chain (`a < b < c` is refused). The parser never throws: every outcome is a ParseResult,
 * and its work is linear in the length of the text, which is itself capped.
 */
import type { Problem } from '../errors.js';
import { formulaProblem, formulaSaid } from '../messages/formula.js';
import type { Said } from '../messages/say.js';
import type { BinaryOperator, Expr } from './ast.js';
import { type Token, tokenize } from './lexer.js';
import { at } from './problems.js';
import { binaryPrecedence, excerpt, MAX_FORMULA_LENGTH, MAX_NESTING, Precedence } from './syntax.js';
import { childrenOf } from './tree.js';

export type ParseResult = { ok: true; expr: Expr } | { ok: false; problems: Problem[] };

export function parseFormula(text: string): ParseResult {
  try {
    // Callers from plain JavaScript or JSON can hand over anything.
    if (typeof text !== 'string')
      return failure(formulaProblem(formulaSaid('formula.not_text'), undefined, { start: 0, end: 0 }));
    if (text.length > MAX_FORMULA_LENGTH) {
      return failure(
        formulaProblem(
          formulaSaid('formula.too_long', { length: text.length, limit: MAX_FORMULA_LENGTH }),
          undefined,
          { start: MAX_FORMULA_LENGTH, end: text.length },
        ),
      );
    }
    const { tokens, problems } = tokenize(text);
    if (problems.length > 0) return { ok: false, problems };
    if (tokens.length === 1) {
      return failure(
        formulaProblem(
          formulaSaid('formula.empty'),
          formulaSaid('formula.hint.example', { example: 'clicks / impressions' }),
          { start: 0, end: text.length },
        ),
      );
    }
    const expr = new Parser(text, tokens).parseAll();
    const tooDeep = nodeNestedTooDeep(expr);
    if (tooDeep) return failure(nestingProblem(tooDeep));
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof SyntaxFailure) return failure(error.problem);
    // Not expected to happen; if it does, the caller still gets a problem, not a crash.
    const detail = error instanceof Error ? error.message : String(error);
    return failure(
      formulaProblem(formulaSaid('formula.internal', { detail }), undefined, {
        start: 0,
        end: typeof text === 'string' ? text.length : 0,
      }),
    );
  }
}

function failure(problem: Problem): ParseResult {
  return { ok: false, problems: [problem] };
}

/** Thrown inside the parser at the first syntax error and caught by parseFormula. */
class SyntaxFailure extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.message);
    this.problem = problem;
  }
}

function nestingProblem(span: { start: number; end: number }): Problem {
  return formulaProblem(
    formulaSaid('formula.too_deep', { limit: MAX_NESTING, at: at(span.start) }),
    formulaSaid('formula.hint.split'),
    { start: span.start, end: span.end },
  );
}

/**
 * The first node deeper than MAX_NESTING, if any. The parser's own depth check covers
 * parentheses and prefix operators; this also catches long left-leaning chains such as
 * `a + a + … + a`, which the parser builds in a loop without recursing.
 */
function nodeNestedTooDeep(root: Expr): Expr | undefined {
  const stack: { node: Expr; depth: number }[] = [{ node: root, depth: 0 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (entry.depth > MAX_NESTING) return entry.node;
    for (const child of childrenOf(entry.node)) stack.push({ node: child, depth: entry.depth + 1 });
  }
  return undefined;
}

/** A parsed expression and the extent of its text, including any parentheses around it. */
interface Parsed {
  expr: Expr;
  start: number;
  end: number;
}

type Infix =
  | { kind: 'binary'; operator: BinaryOperator; precedence: number; tokens: 1 }
  | { kind: 'in'; negated: boolean; precedence: number; tokens: 1 | 2 };

class Parser {
  private position = 0;
  private nesting = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseAll(): Expr {
    const parsed = this.parseExpression(0, this.peek());
    const token = this.peek();
    if (token.kind === 'end') return parsed.expr;
    if (token.kind === 'close') {
      this.fail(token, formulaSaid('formula.unmatched_close', { at: at(token.start) }));
    }
    this.fail(
      token,
      formulaSaid('formula.expected_operator_or_end', { token: this.show(token), at: at(token.start) }),
      this.hintAfterValue(token),
    );
  }

  private peek(ahead = 0): Token {
    // The last token is always `end`, so reading past it keeps returning `end`.
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)]!;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private fail(span: { start: number; end: number }, said: Said, hint?: Said): never {
    throw new SyntaxFailure(formulaProblem(said, hint, { start: span.start, end: span.end }));
  }

  /** The token as the user wrote it, quoted for a message. */
  private show(token: Token): string | Said {
    return token.kind === 'end'
      ? formulaSaid('formula.end_of_formula')
      : `\`${excerpt(this.text.slice(token.start, token.end))}\``;
  }

  private hintAfterValue(token: Token): Said | undefined {
    if (token.kind === 'keyword' && token.keyword === 'not') return formulaSaid('formula.hint.not_in');
    if (
      token.kind === 'name' ||
      token.kind === 'number' ||
      token.kind === 'string' ||
      token.kind === 'open'
    ) {
      return formulaSaid('formula.hint.missing_operator');
    }
    return undefined;
  }

  /**
   * Parses operators that bind at least as tightly as `minPrecedence`. Each call is one
   * level of recursion, counted so that `((((…` can't exhaust the stack.
   */
  private parseExpression(minPrecedence: number, opener: Token): Parsed {
    if (this.nesting > MAX_NESTING) throw new SyntaxFailure(nestingProblem(opener));
    this.nesting++;
    let left = this.parsePrefix(minPrecedence);
    let builtComparison = false;
    for (;;) {
      const infix = this.peekInfix();
      if (!infix || infix.precedence < minPrecedence) break;
      const operatorToken = this.peek();
      if (infix.precedence === Precedence.comparison && builtComparison) {
        this.fail(
          operatorToken,
          formulaSaid('formula.chained_comparison', {
            token: this.show(operatorToken),
            at: at(operatorToken.start),
          }),
          formulaSaid('formula.hint.combine_comparisons'),
        );
      }
      for (let taken = 0; taken < infix.tokens; taken++) this.advance();
      if (infix.kind === 'in') {
        const list = this.parseInList(operatorToken);
        left = {
          expr: {
            kind: 'in',
            operand: left.expr,
            values: list.values,
            negated: infix.negated,
            start: left.start,
            end: list.end,
          },
          start: left.start,
          end: list.end,
        };
      } else {
        // Everything but comparisons groups to the left, so the right side must bind tighter.
        const right = this.parseExpression(infix.precedence + 1, operatorToken);
        left = {
          expr: {
            kind: 'binary',
            operator: infix.operator,
            left: left.expr,
            right: right.expr,
            start: left.start,
            end: right.end,
          },
          start: left.start,
          end: right.end,
        };
      }
      if (infix.precedence === Precedence.comparison) builtComparison = true;
    }
    this.nesting--;
    return left;
  }

  private peekInfix(): Infix | undefined {
    const token = this.peek();
    if (token.kind === 'operator') {
      return {
        kind: 'binary',
        operator: token.operator,
        precedence: binaryPrecedence(token.operator),
        tokens: 1,
      };
    }
    if (token.kind !== 'keyword') return undefined;
    switch (token.keyword) {
      case 'and':
      case 'or':
        return {
          kind: 'binary',
          operator: token.keyword,
          precedence: binaryPrecedence(token.keyword),
          tokens: 1,
        };
      case 'in':
        return { kind: 'in', negated: false, precedence: Precedence.comparison, tokens: 1 };
      case 'not': {
        const following = this.peek(1);
        return following.kind === 'keyword' && following.keyword === 'in'
          ? { kind: 'in', negated: true, precedence: Precedence.comparison, tokens: 2 }
          : undefined;
      }
    }
  }

  private parsePrefix(minPrecedence: number): Parsed {
    const token = this.advance();
    switch (token.kind) {
      case 'number':
        return {
          expr: { kind: 'number', value: token.value, start: token.start, end: token.end },
          ...span(token),
        };
      case 'string':
        return {
          expr: { kind: 'string', value: token.value, start: token.start, end: token.end },
          ...span(token),
        };
      case 'name':
        if (this.peek().kind === 'open') return this.parseCall(token);
        return {
          expr: { kind: 'name', name: token.name, start: token.start, end: token.end },
          ...span(token),
        };
      case 'open': {
        const inner = this.parseExpression(0, token);
        const close = this.advance();
        if (close.kind === 'close') return { expr: inner.expr, start: token.start, end: close.end };
        if (close.kind === 'end') return this.unclosed(token);
        return this.fail(
          close,
          formulaSaid('formula.expected_operator_or_close', { token: this.show(close), at: at(close.start) }),
          this.hintAfterValue(close),
        );
      }
      case 'operator':
        if (token.operator === '-') {
          const operand = this.parseExpression(Precedence.unaryMinus, token);
          return {
            expr: {
              kind: 'unary',
              operator: '-',
              operand: operand.expr,
              start: token.start,
              end: operand.end,
            },
            start: token.start,
            end: operand.end,
          };
        }
        break;
      case 'keyword':
        if (token.keyword === 'not') {
          if (minPrecedence > Precedence.not) {
            this.fail(
              token,
              formulaSaid('formula.not_needs_parentheses', {
                text: this.text.slice(token.start, token.end),
                at: at(token.start),
              }),
              formulaSaid('formula.hint.parenthesise_not'),
            );
          }
          const operand = this.parseExpression(Precedence.not, token);
          return {
            expr: {
              kind: 'unary',
              operator: 'not',
              operand: operand.expr,
              start: token.start,
              end: operand.end,
            },
            start: token.start,
            end: operand.end,
          };
        }
        break;
      case 'end': {
        const previous = this.tokens[this.position - 1];
        return this.fail(
          token,
          previous
            ? formulaSaid('formula.ends_early_after', { token: this.show(previous) })
            : formulaSaid('formula.ends_early'),
        );
      }
    }
    return this.fail(
      token,
      formulaSaid('formula.expected_value', { token: this.show(token), at: at(token.start) }),
    );
  }

  private parseCall(nameToken: Extract<Token, { kind: 'name' }>): Parsed {
    const open = this.advance();
    const args: Expr[] = [];
    const name = nameToken.name.toLowerCase();
    let close = this.peek();
    if (close.kind === 'close') {
      this.advance();
    } else {
      for (;;) {
        args.push(this.parseExpression(0, open).expr);
        close = this.advance();
        if (close.kind === 'close') break;
        if (close.kind === 'comma') continue;
        if (close.kind === 'end') this.unclosed(open, name);
        this.fail(
          close,
          formulaSaid('formula.expected_comma_or_close_call', {
            token: this.show(close),
            at: at(close.start),
            name,
          }),
          this.hintAfterValue(close),
        );
      }
    }
    return {
      expr: {
        kind: 'call',
        name,
        nameSpan: { start: nameToken.start, end: nameToken.end },
        args,
        start: nameToken.start,
        end: close.end,
      },
      start: nameToken.start,
      end: close.end,
    };
  }

  /** The `( … )` after `in`; returns its values and the end of the closing parenthesis. */
  private parseInList(inToken: Token): { values: Expr[]; end: number } {
    const open = this.advance();
    const example = formulaSaid('formula.hint.example', { example: "channel in ('douyin', 'kuaishou')" });
    if (open.kind !== 'open') {
      this.fail(open, formulaSaid('formula.in_needs_list', { at: at(inToken.start) }), example);
    }
    if (this.peek().kind === 'close') {
      this.fail({ start: open.start, end: this.peek().end }, formulaSaid('formula.in_list_empty'), example);
    }
    const values: Expr[] = [];
    for (;;) {
      values.push(this.parseExpression(0, open).expr);
      const separator = this.advance();
      if (separator.kind === 'close') return { values, end: separator.end };
      if (separator.kind === 'comma') continue;
      if (separator.kind === 'end') this.unclosed(open);
      this.fail(
        separator,
        formulaSaid('formula.expected_comma_or_close_in', {
          token: this.show(separator),
          at: at(separator.start),
        }),
        this.hintAfterValue(separator),
      );
    }
  }

  /** A `(` never closed: of a call to `name`, or a group's when no name is given. */
  private unclosed(open: Token, name?: string): never {
    this.fail(
      open,
      name === undefined
        ? formulaSaid('formula.unclosed', { at: at(open.start) })
        : formulaSaid('formula.unclosed_call', { name, at: at(open.start) }),
      formulaSaid('formula.hint.add_close'),
    );
  }
}

function span(token: Token): { start: number; end: number } {
  return { start: token.start, end: token.end };
}
