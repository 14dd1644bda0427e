import { ERROR_CODES, ERROR_KINDS, type ErrorCode, MarkpiError } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { HTTP_STATUSES, renderError, STATUS_BY_KIND, statusOf } from './errors.js';

/** The statuses the API answered with before kinds existed, written out by hand: kept as they were. */
const STATUSES_BEFORE: [ErrorCode, number][] = [
  ['unauthenticated', 401],
  ['bad_credentials', 401],
  ['csrf_failed', 403],
  ['forbidden', 403],
  ['share_link_invalid', 404],
  ['share_link_expired', 403],
  ['share_link_revoked', 403],
  ['not_found', 404],
  ['workspace_not_found', 404],
  ['user_not_found', 404],
  ['member_not_found', 404],
  ['share_link_not_found', 404],
  ['import_not_found', 404],
  ['kpi_not_found', 404],
  ['conflict', 409],
  ['already_exists', 409],
  ['import_state', 409],
  ['kpi_in_use', 409],
  ['rate_limited', 429],
  ['invalid_request', 400],
  ['invalid_query', 400],
  ['unknown_kpi', 400],
  ['no_change', 400],
  ['builtin_kpi', 400],
  ['payload_too_large', 400],
  ['import.unknown_source', 400],
  ['imports_unavailable', 500],
  ['metadata_corrupt', 500],
  ['route_misconfigured', 500],
];

describe('HTTP statuses', () => {
  it('keeps every status the API answered with before', () => {
    for (const [code, status] of STATUSES_BEFORE) {
      expect([code, statusOf(new MarkpiError(code, 'x'))]).toEqual([code, status]);
    }
  });

  it('answers 503 when a store or service behind the server is down', () => {
    expect(statusOf(new MarkpiError('store_unreachable', 'x'))).toBe(503);
    expect(statusOf(new MarkpiError('workspace_unreadable', 'x'))).toBe(503);
  });

  it('gives every kind a documented status, and every code the status of its kind', () => {
    for (const kind of ERROR_KINDS) expect(HTTP_STATUSES).toContain(STATUS_BY_KIND[kind]);
    for (const [code, kind] of Object.entries(ERROR_CODES) as [ErrorCode, keyof typeof STATUS_BY_KIND][]) {
      expect(statusOf(new MarkpiError(code, 'x'))).toBe(STATUS_BY_KIND[kind]);
    }
  });
});

describe('error bodies', () => {
  it('shows the caller their mistake with its problems', () => {
    const rendered = renderError(
      new MarkpiError('unknown_kpi', 'unknown KPI `ctrr`', [{ message: 'x', hint: 'did you mean `ctr`?' }]),
    );
    expect(rendered).toEqual({
      status: 400,
      internal: false,
      body: {
        error: {
          code: 'unknown_kpi',
          message: 'unknown KPI `ctrr`',
          problems: [{ message: 'x', hint: 'did you mean `ctr`?' }],
          said: { key: 'error.invalid_input', params: { detail: 'unknown KPI `ctrr`' } },
        },
      },
    });
  });

  it('keeps addresses and driver text of a store that is down in the log, not the body', () => {
    const rendered = renderError(
      new MarkpiError('store_unreachable', 'cannot reach ClickHouse at http://admin:secret@db:8123', [
        { message: 'cannot reach ClickHouse at http://admin:secret@db:8123' },
      ]),
    );
    expect(rendered.status).toBe(503);
    expect(rendered.internal).toBe(true);
    expect(rendered.body.error.code).toBe('store_unreachable');
    expect(rendered.body.error.problems).toEqual([]);
    expect(JSON.stringify(rendered.body)).not.toContain('secret');
  });

  it('answers our own failures with a 500 that says nothing of them', () => {
    const rendered = renderError(
      new MarkpiError('internal_branch', 'atom x in a plain branch at /srv/markpi'),
    );
    expect(rendered.status).toBe(500);
    expect(rendered.internal).toBe(true);
    expect(rendered.body.error.message).not.toContain('/srv');
    expect(renderError(new TypeError('boom')).status).toBe(500);
  });
});
