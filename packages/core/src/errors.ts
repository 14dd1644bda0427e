/**
 * One error type for the whole product. Libraries throw it with a code from `ERROR_CODES` and
 * every problem found (never just the first); the code decides the kind, and the edges map each
 * kind once (the HTTP API to a status, the CLI to an exit code).
 */
import type { Said } from './messages/say.js';

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
  /** The message as a key and parameters, when a client can say it in its own language. */
  said?: Said;
}

/**
 * What kind of failure an error is. The edges map kinds, never codes: the HTTP API to a status,
 * the CLI to an exit code (`internal` is ours, exit 1; every other kind is the user's to fix or
 * wait out, exit 2).
 */
export const ERROR_KINDS = [
  /** What was asked is malformed or names something that does not fit (HTTP 400). */
  'invalid_input',
  /** The thing addressed does not exist (404). */
  'not_found',
  /** It exists already, or its state does not allow this (409). */
  'conflict',
  /** Who asked, or this process, may not do it (403). */
  'forbidden',
  /** Nobody is logged in, or the credentials are wrong (401). */
  'unauthenticated',
  /** Asked too often; try again later (429). */
  'rate_limited',
  /** Something this depends on is not there right now: a server, a port, a locked file (503). */
  'unavailable',
  /** A bug in markpi (500). */
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * Every error code and its kind. The keys are the closed set of codes a `MarkpiError` may carry;
 * a new failure adds its code here first. Codes are stable: clients and scripts branch on them.
 */
export const ERROR_CODES = {
  // Input: workspace files, catalogs, formulas, queries, flags, requests.
  invalid_workspace_file: 'invalid_input',
  invalid_catalog: 'invalid_input',
  invalid_formula: 'invalid_input',
  invalid_filter: 'invalid_input',
  invalid_query: 'invalid_input',
  invalid_rollup: 'invalid_input',
  invalid_request: 'invalid_input',
  invalid_sort: 'invalid_input',
  invalid_date: 'invalid_input',
  invalid_flag: 'invalid_input',
  invalid_channel: 'invalid_input',
  invalid_port: 'invalid_input',
  invalid_memory_limit: 'invalid_input',
  unknown_kpi: 'invalid_input',
  unknown_dimension: 'invalid_input',
  bad_store_url: 'invalid_input',
  bad_date: 'invalid_input',
  bad_timestamp: 'invalid_input',
  bad_request: 'invalid_input',
  unsupported_media_type: 'invalid_input',
  payload_too_large: 'invalid_input',
  upload_quota_exceeded: 'invalid_input',
  query_timeout: 'invalid_input',
  query_cancelled: 'invalid_input',
  formula_too_wide: 'invalid_input',
  // Bounds on what one request may ask for (`limits.ts`).
  date_out_of_range: 'invalid_input',
  window_too_long: 'invalid_input',
  text_too_long: 'invalid_input',
  number_out_of_range: 'invalid_input',
  too_many_rows: 'invalid_input',
  builtin_kpi: 'invalid_input',
  // Targets, baselines, pacing, scorecards.
  invalid_target: 'invalid_input',
  invalid_period: 'invalid_input',
  invalid_bands: 'invalid_input',
  invalid_interval: 'invalid_input',
  invalid_benchmarks: 'invalid_input',
  invalid_event_calendar: 'invalid_input',
  invalid_scorecard: 'invalid_input',
  invalid_scorecard_template: 'invalid_input',
  invalid_cap: 'invalid_input',
  missing_calendar: 'invalid_input',
  missing_seasonal_shape: 'invalid_input',
  reserved_calendar: 'invalid_input',
  reserved_template: 'invalid_input',
  unknown_calendar: 'invalid_input',
  unknown_template: 'invalid_input',
  no_change: 'invalid_input',
  unknown_target: 'not_found',
  target_exists: 'conflict',
  // Diagnosis, anomalies, lift, attribution.
  invalid_funnels: 'invalid_input',
  unknown_funnel: 'invalid_input',
  funnel_measures_missing: 'invalid_input',
  kpi_not_segmentable: 'invalid_input',
  invalid_advice_rules: 'invalid_input',
  invalid_comparison_basis: 'invalid_input',
  invalid_timestamp: 'invalid_input',
  invalid_lift_input: 'invalid_input',
  lift_collinear: 'invalid_input',
  lift_no_measured_days: 'invalid_input',
  lift_too_few_days: 'invalid_input',
  unknown_lift_entry: 'not_found',
  lift_entry_withdrawn: 'conflict',
  invalid_monitor_input: 'invalid_input',
  'attribution.invalid_comparison': 'invalid_input',
  'attribution.invalid_half_life': 'invalid_input',
  'attribution.invalid_lookback': 'invalid_input',
  'attribution.invalid_order': 'invalid_input',
  'attribution.invalid_position_weights': 'invalid_input',
  'attribution.invalid_shapley_options': 'invalid_input',
  'attribution.markov_too_many_states': 'invalid_input',
  'attribution.invalid_paths': 'invalid_input',
  'attribution.invalid_events': 'invalid_input',
  'attribution.invalid_journeys': 'invalid_input',
  'attribution.invalid_coupons': 'invalid_input',
  'customers.invalid_input': 'invalid_input',
  // Imports: the file and its rows.
  'import.empty': 'invalid_input',
  'import.binary': 'invalid_input',
  'import.unsupported_format': 'invalid_input',
  'import.encoding': 'invalid_input',
  'import.line_too_long': 'invalid_input',
  'import.truncated': 'invalid_input',
  'import.malformed_csv': 'invalid_input',
  'import.xlsx_damaged': 'invalid_input',
  'import.xlsx_too_large': 'invalid_input',
  'import.cell_too_long': 'invalid_input',
  'import.no_header': 'invalid_input',
  'import.unknown_source': 'invalid_input',
  'import.duplicate_header': 'invalid_input',
  'import.missing_column': 'invalid_input',
  'import.currency_unknown': 'invalid_input',
  'import.currency_conflict': 'invalid_input',
  'import.ambiguous_dates': 'invalid_input',
  'import.period_rows': 'invalid_input',
  'import.mapping_invalid': 'invalid_input',
  'import.rows_rejected': 'invalid_input',
  'import.file_unreadable': 'invalid_input',
  'import.failed': 'invalid_input',
  import_failed: 'invalid_input',
  import_not_found: 'not_found',
  import_state: 'conflict',
  // Files and folders a user named (the CLI's arguments and flags).
  path_not_found: 'not_found',
  no_file_matches: 'not_found',
  path_is_directory: 'invalid_input',
  path_not_directory: 'invalid_input',
  permission_denied: 'forbidden',
  disk_full: 'unavailable',
  unreadable_file: 'invalid_input',
  missing_workspace: 'not_found',
  missing_workspace_file: 'not_found',
  target_not_empty: 'conflict',
  rollup_exists: 'conflict',
  unknown_rollup: 'not_found',
  demo_would_replace_workspace: 'conflict',
  demo_target_not_a_file: 'invalid_input',
  // Servers, ports and stores.
  port_in_use: 'unavailable',
  port_forbidden: 'forbidden',
  address_unavailable: 'invalid_input',
  store_unreachable: 'unavailable',
  workspace_unreadable: 'unavailable',
  // The HTTP API: people, sessions, workspaces, share links, the catalog.
  unauthenticated: 'unauthenticated',
  bad_credentials: 'unauthenticated',
  bad_current_password: 'invalid_input',
  csrf_failed: 'forbidden',
  forbidden: 'forbidden',
  outside_scope: 'forbidden',
  share_link_expired: 'forbidden',
  share_link_revoked: 'forbidden',
  share_link_invalid: 'not_found',
  share_link_not_found: 'not_found',
  not_found: 'not_found',
  workspace_not_found: 'not_found',
  user_not_found: 'not_found',
  member_not_found: 'not_found',
  kpi_not_found: 'not_found',
  conflict: 'conflict',
  already_exists: 'conflict',
  kpi_in_use: 'conflict',
  rate_limited: 'rate_limited',
  // Ours: a state the code should never reach.
  internal: 'internal',
  internal_unknown_measure: 'internal',
  internal_string_value: 'internal',
  internal_condition_value: 'internal',
  internal_sum_arity: 'internal',
  internal_unknown_function: 'internal',
  internal_branch: 'internal',
  formula_unprintable: 'internal',
  formula_not_decomposable: 'internal',
  demo_campaign_missing: 'internal',
  copy_mismatch: 'internal',
  route_misconfigured: 'internal',
  imports_unavailable: 'internal',
  import_interrupted: 'internal',
  metadata_corrupt: 'internal',
  unsupported_partition_key: 'internal',
  bad_load_journal: 'internal',
  unknown_shard: 'internal',
  replace_twice: 'internal',
  bad_parameter: 'internal',
  bad_value: 'internal',
  warehouse_closed: 'internal',
  unknown_table: 'internal',
  unknown_column: 'internal',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one kind, e.g. `CodeOfKind<'not_found'>` for a helper that only throws 404s. */
export type CodeOfKind<Kind extends ErrorKind> = {
  [Code in ErrorCode]: (typeof ERROR_CODES)[Code] extends Kind ? Code : never;
}[ErrorCode];

export function isErrorCode(text: unknown): text is ErrorCode {
  return typeof text === 'string' && Object.hasOwn(ERROR_CODES, text);
}

export function kindOf(code: ErrorCode): ErrorKind {
  return ERROR_CODES[code];
}

export class MarkpiError extends Error {
  readonly code: ErrorCode;
  /** Derived from the code, so one code always means one kind. */
  readonly kind: ErrorKind;
  readonly problems: Problem[];
  /**
   * The message as a key and parameters (core's `messages/`), so a client says it in its own
   * language. An error thrown with English alone carries its kind's key (`error.invalid_input`…)
   * with the English as `detail`: said in English it is the message, in Chinese the kind's sentence.
   */
  readonly said: Said;

  constructor(code: ErrorCode, message: string, problems: Problem[] = [], said?: Said) {
    super(message);
    this.name = 'MarkpiError';
    this.code = code;
    this.kind = kindOf(code);
    this.problems = problems;
    this.said = said ?? { key: `error.${this.kind}`, params: { detail: message } };
  }
}

export function isMarkpiError(error: unknown): error is MarkpiError {
  return error instanceof MarkpiError;
}

/**
 * A `MarkpiError` the caller can fix by changing what they asked: neither our bug (`internal`)
 * nor something we depend on being down (`unavailable`).
 */
export function isUserError(error: unknown): error is MarkpiError {
  return isMarkpiError(error) && error.kind !== 'internal' && error.kind !== 'unavailable';
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
