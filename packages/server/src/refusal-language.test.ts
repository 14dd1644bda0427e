/**
 * Refusals in the asker's language: a limit's refusal carries its message key and parameters
 * (`said`), and its message is said in the language `Accept-Language` prefers.
 */
import { MarkpiError, sayLimit } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageOfRequest, renderError } from './errors.js';
import { createHarness, type Harness, type TestClient } from './testing/harness.js';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    problems: { message: string; path?: string }[];
    said?: { key: string; params: Record<string, string | number> };
  };
}

describe('the language a request prefers', () => {
  it('reads Accept-Language by weight, English when neither language is named', () => {
    expect(languageOfRequest(undefined)).toBe('en');
    expect(languageOfRequest('')).toBe('en');
    expect(languageOfRequest('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(languageOfRequest('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(languageOfRequest('fr-FR, zh-Hans;q=0.5, en;q=0.4')).toBe('zh');
    expect(languageOfRequest('de, *;q=0.5')).toBe('en');
    // A language weighted 0 is one the asker does not want.
    expect(languageOfRequest('zh;q=0, en;q=0.1')).toBe('en');
    // Equal weights: the first named wins.
    expect(languageOfRequest('zh, en')).toBe('zh');
    expect(languageOfRequest(['en;q=0.2', 'zh-TW;q=0.7'])).toBe('zh');
  });

  it('says an error thrown in English alone by its kind in Chinese, the English kept as its detail', () => {
    const error = new MarkpiError('unknown_kpi', 'unknown KPI `ctrr`');
    const said = { key: 'error.invalid_input', params: { detail: 'unknown KPI `ctrr`' } };
    expect(renderError(error, 'zh').body.error).toEqual({
      code: 'unknown_kpi',
      message: '请求的内容有误，无法按此处理，请检查后重试',
      problems: [],
      said,
    });
    expect(renderError(error, 'en').body.error).toEqual({
      code: 'unknown_kpi',
      message: 'unknown KPI `ctrr`',
      problems: [],
      said,
    });
  });

  it('says each problem with a key of its own in the language asked, and leaves the others', () => {
    const refused = {
      key: 'auth.password.refused',
      params: { reason: { key: 'auth.password.common', params: {} } },
    };
    const error = new MarkpiError('invalid_request', 'the request body is not valid: 2 problem(s)', [
      { message: 'the new password is refused: …', path: 'newPassword', said: refused },
      { message: 'Too big', path: 'login' },
    ]);
    expect(renderError(error, 'zh').body.error.problems).toEqual([
      {
        message: '新密码不可用：这是最先被猜到的密码之一（常见词、连续按键或数字），请换一个',
        path: 'newPassword',
        said: refused,
      },
      { message: 'Too big', path: 'login' },
    ]);
  });

  it('says a store that is down, or our own failure, in Chinese without its details', () => {
    const down = renderError(new MarkpiError('store_unreachable', 'cannot reach db:8123'), 'zh').body.error;
    expect(down).toEqual({
      code: 'store_unreachable',
      message: '服务器依赖的服务暂时不可用，请稍后再试（详情见服务器日志）',
      problems: [],
      said: { key: 'error.unavailable', params: {} },
    });
    expect(renderError(new TypeError('boom'), 'zh').body.error.message).toBe('内部错误，详情见服务器日志');
  });
});

describe('limit refusals over HTTP', () => {
  let harness: Harness;
  let viewer: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  const tooLong = '/api/workspaces/alpha/query?kpis=spend&grain=day&from=2020-01-01&to=2026-01-31';
  // Written out by hand from the window rule: three years from 2020-01-01 end on 2022-12-31.
  const said = {
    key: 'limit.window_too_long',
    params: { grain: 'day', years: 3, from: '2020-01-01', to: '2026-01-31', lastAllowed: '2022-12-31' },
  } as const;

  it('says a window too long in Chinese to a client that prefers it, with the key to say it again', async () => {
    const response = await viewer.request('GET', tooLong, undefined, {
      headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe('window_too_long');
    expect(body.error.said).toEqual(said);
    expect(body.error.message).toBe(
      '按天查询最多跨 3 年：2020-01-01 至 2026-01-31 太长，最晚可到 2022-12-31',
    );
    expect(body.error.problems[0]).toMatchObject({ path: 'to', message: body.error.message });
  });

  it('says it in English by default, the same key and parameters beside it', async () => {
    const response = await viewer.get(tooLong);
    const body = response.json<ErrorBody>();
    expect(body.error.said).toEqual(said);
    expect(body.error.message).toBe(
      'a window by day spans at most 3 years: 2020-01-01 to 2026-01-31 is longer; ' +
        'the last day it may reach is 2022-12-31',
    );
    expect(body.error.message).toBe(sayLimit(said, 'en'));
  });

  it('carries the key on a share link’s refusal too', async () => {
    const owner = await harness.as('ownerA');
    const link = await owner.post('/api/workspaces/alpha/share-links', { label: 'board', expiresInDays: 7 });
    const token = link.json<{ token: string }>().token;
    const response = await harness
      .client()
      .request('GET', `/api/share/${token}/overview?from=1027-01-01&to=2026-10-31`, undefined, {
        headers: { 'accept-language': 'zh' },
      });
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.error.said).toEqual({
      key: 'limit.date_out_of_range',
      params: { field: 'from', date: '1027-01-01', earliest: '1900-01-01', latest: '2199-12-31' },
    });
    expect(body.error.message).toBe('`from`（1027-01-01）超出支持的日期范围：1900-01-01 至 2199-12-31');
  });
});
