import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  dingtalkSignature,
  feishuSignature,
  fitLines,
  parseRetryAfter,
  utf8Length,
  webhookBody,
  webhookOutcome,
  webhookRequest,
} from './channels.js';
import type { RenderedNotification } from './notification.js';

const hmac = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64');

const incident: RenderedNotification = {
  language: 'zh',
  kind: 'incident',
  severity: 'warning',
  subject: '【警告】抖音 ROAS 低于预期',
  title: '抖音 ROAS 低于预期',
  sections: [{ heading: null, lines: ['3 月 1 日 ROAS 为 1.2，预期 2.4 <低>'] }],
  link: { url: 'https://markpi.example.com/w/lumi', label: '在 markpi 中查看' },
};

describe('webhook signatures', () => {
  it('match values computed independently (Python hmac) for the documented recipes', () => {
    // Feishu: key = "1599360473\nmarkpi-feishu-secret", empty message.
    expect(feishuSignature(1599360473, 'markpi-feishu-secret', hmac)).toBe(
      'IMmRXY4BsBleW1BCtub32o/cJT62pqKeOd24BO4FRRc=',
    );
    // DingTalk: key = secret, message = "1577262236757\nSECmarkpi-dingtalk".
    expect(dingtalkSignature(1577262236757, 'SECmarkpi-dingtalk', hmac)).toBe(
      'QmCxyYOyPq7X/uaBkZ1CHQJI3s55KzwkRlDE7uJXzsU=',
    );
  });

  it('put Feishu’s in the body (seconds) and DingTalk’s in the URL (milliseconds, URL-encoded)', () => {
    const sign = { nowMs: 1577262236757, hmacSha256: hmac };
    const feishu = webhookRequest(
      'feishu',
      { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc', secret: 'markpi-feishu-secret' },
      webhookBody('feishu', incident),
      { nowMs: 1599360473_999, hmacSha256: hmac },
      'incident:lumi:1:webhook:ops',
    );
    const body = JSON.parse(feishu.body);
    expect(body.timestamp).toBe('1599360473');
    expect(body.sign).toBe('IMmRXY4BsBleW1BCtub32o/cJT62pqKeOd24BO4FRRc=');
    expect(body.msg_type).toBe('post');
    expect(feishu.headers['idempotency-key']).toBe('incident:lumi:1:webhook:ops');
    const dingtalk = webhookRequest(
      'dingtalk',
      { url: 'https://oapi.dingtalk.com/robot/send?access_token=t0k', secret: 'SECmarkpi-dingtalk' },
      webhookBody('dingtalk', incident),
      sign,
    );
    expect(dingtalk.url).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=t0k&timestamp=1577262236757&sign=QmCxyYOyPq7X%2FuaBkZ1CHQJI3s55KzwkRlDE7uJXzsU%3D',
    );
    // Without a secret nothing is signed.
    expect(JSON.parse(webhookRequest('feishu', { url: 'u' }, { msg_type: 'post' }, sign).body)).toEqual({
      msg_type: 'post',
    });
  });
});

describe('webhook bodies', () => {
  it('lay out a notification in each platform’s format', () => {
    const wecom = webhookBody('wecom', incident) as { msgtype: string; markdown: { content: string } };
    expect(wecom.msgtype).toBe('markdown');
    expect(wecom.markdown.content).toBe(
      [
        '## 【警告】抖音 ROAS 低于预期',
        '<font color="warning">warning</font>',
        '> 3 月 1 日 ROAS 为 1.2，预期 2.4 <低>',
        '[在 markpi 中查看](https://markpi.example.com/w/lumi)',
      ].join('\n'),
    );
    const feishu = webhookBody('feishu', incident);
    expect(feishu).toEqual({
      msg_type: 'post',
      content: {
        post: {
          zh_cn: {
            title: '【警告】抖音 ROAS 低于预期',
            content: [
              [{ tag: 'text', text: '• 3 月 1 日 ROAS 为 1.2，预期 2.4 <低>' }],
              [{ tag: 'a', text: '在 markpi 中查看', href: 'https://markpi.example.com/w/lumi' }],
            ],
          },
        },
      },
    });
    const dingtalk = webhookBody('dingtalk', incident) as { markdown: { title: string; text: string } };
    expect(dingtalk.markdown.title).toBe('【警告】抖音 ROAS 低于预期');
    expect(dingtalk.markdown.text.split('\n\n')).toEqual([
      '### 【警告】抖音 ROAS 低于预期',
      '- 3 月 1 日 ROAS 为 1.2，预期 2.4 <低>',
      '[在 markpi 中查看](https://markpi.example.com/w/lumi)',
    ]);
    // Slack escapes its control characters and links as <url|label>.
    expect(webhookBody('slack', { ...incident, language: 'en' })).toEqual({
      text: [
        '*【警告】抖音 ROAS 低于预期*',
        '• 3 月 1 日 ROAS 为 1.2，预期 2.4 &lt;低&gt;',
        '<https://markpi.example.com/w/lumi|在 markpi 中查看>',
      ].join('\n'),
    });
    expect(
      Object.keys(
        (webhookBody('feishu', { ...incident, language: 'en' }) as { content: { post: object } }).content
          .post,
      ),
    ).toEqual(['en_us']);
  });

  it('keep WeCom within 4,096 bytes by dropping whole lines and saying how many', () => {
    const long: RenderedNotification = {
      ...incident,
      kind: 'digest',
      sections: [{ heading: '目标', lines: Array.from({ length: 400 }, (_, i) => `第 ${i} 项：进度正常`) }],
    };
    const content = (webhookBody('wecom', long) as { markdown: { content: string } }).markdown.content;
    expect(utf8Length(content)).toBeLessThanOrEqual(4096);
    const lines = content.split('\n');
    const shown = lines.filter((line) => line.startsWith('> ')).length;
    // Every line is whole, and the marker counts exactly the lines left out (400 items + the link).
    expect(lines.at(-1)).toBe(`… (+${400 - shown + 1})`);
    expect(lines.slice(2, -1).every((line, i) => line === `> 第 ${i} 项：进度正常`)).toBe(true);
  });

  it('counts UTF-8 bytes and fits lines by hand', () => {
    expect(utf8Length('aé中😀')).toBe(1 + 2 + 3 + 4);
    expect(fitLines(['aaaa', 'bbbb', 'cccc'], 14)).toBe('aaaa\nbbbb\ncccc');
    // 'aaaa' (4) + marker '\n… (+2)' (9) fits 13; 'bbbb' would leave no room for the marker.
    expect(fitLines(['aaaa', 'bbbb', 'cccc'], 13)).toBe('aaaa\n… (+2)');
  });
});

describe('webhook answers', () => {
  it('read success, rate limits and refusals per platform', () => {
    expect(webhookOutcome('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(webhookOutcome('wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}')).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(webhookOutcome('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(webhookOutcome('feishu', 200, '{"code":0,"msg":"success","data":{}}')).toEqual({ ok: true });
    expect(webhookOutcome('feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}')).toEqual({ ok: true });
    expect(webhookOutcome('feishu', 200, '{"code":19021,"msg":"sign match fail"}')).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(webhookOutcome('feishu', 400, '{"code":9499,"msg":"too many request"}')).toMatchObject({
      retryable: true,
    });
    expect(webhookOutcome('dingtalk', 200, '{"errcode":130101,"errmsg":"send too fast"}')).toMatchObject({
      retryable: true,
    });
    expect(webhookOutcome('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toMatchObject({
      retryable: false,
    });
    expect(webhookOutcome('slack', 200, 'ok')).toEqual({ ok: true });
    expect(webhookOutcome('slack', 404, 'no_service')).toMatchObject({ retryable: false });
    expect(webhookOutcome('slack', 429, '', 30_000)).toEqual({
      ok: false,
      retryable: true,
      reason: 'HTTP 429',
      retryAfterMs: 30_000,
    });
    expect(webhookOutcome('dingtalk', 502, 'bad gateway')).toMatchObject({ retryable: true });
    expect(webhookOutcome('wecom', 200, '<html>')).toMatchObject({ retryable: true });
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
