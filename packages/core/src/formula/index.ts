/** The formula language: parse text, check it against the catalog, print it back. */
export type * from './ast.js';
export {
  type CheckEnvironment,
  type CheckMode,
  type CheckResult,
  checkFormula,
  createEnvironment,
  type FormulaReferences,
  type FormulaSymbol,
  type SymbolKind,
} from './check.js';
export { formatExpr } from './format.js';
export {
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionName,
  type FunctionSignature,
  isFunctionName,
} from './functions.js';
export { type ParseResult, parseFormula } from './parser.js';
export { isIdentifier, MAX_FORMULA_LENGTH, MAX_NESTING } from './syntax.js';
export { childrenOf, isCondition, sameExpr, walk } from './tree.js';
