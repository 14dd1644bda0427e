import { describe, expect, it } from 'vitest';
import { composeDigest, type DigestInput, type DigestTarget } from './digest.js';
import { NOTIFY_MESSAGE_KEYS, notifyMessage, type Sayer, sayNotify, sayValue } from './messages.js';
import { emailContent, renderNotification } from './notification.js';
import { DEFAULT_RETRY_POLICY, nextAttemptAt, retryDelayMs } from './retry.js';

const roas = { en: 'ROAS', zh: '广告支出回报率' };
const gmv = { en: 'GMV', zh: '成交额' };

const input: DigestInput = {
  workspace: { id: 'lumi', name: 'Lumi' },
  cadence: 'daily',
  period: { from: '2026-03-01', to: '2026-03-01' },
  currency: 'CNY',
  kpis: [
    { kpi: 'gmv', name: gmv, unit: 'currency', value: 1234567.891, change: 0.125 },
    { kpi: 'roas', name: roas, unit: 'multiple', value: 2.345, change: null },
    { kpi: 'ctr', name: { en: 'CTR', zh: '点击率' }, unit: 'percent', value: null, change: null },
  ],
  targets: [
    { id: 'gmv-q1', kpiName: gmv, status: 'green', index: 1.04, projectedIndex: 1.02 },
    { id: 'roas-q1', kpiName: roas, status: 'red', index: 0.8, projectedIndex: null },
    {
      id: 'cac-q1',
      kpiName: { en: 'CAC', zh: '获客成本' },
      status: 'amber',
      index: 0.93,
      projectedIndex: 0.97,
    },
    { id: 'gone', kpiName: { en: 'gone', zh: 'gone' }, status: null, index: null, projectedIndex: null },
    { id: 'later', kpiName: gmv, status: 'not_started', index: null, projectedIndex: null },
  ],
  incidents: [],
  link: '/workspaces/lumi',
};

describe('digests', () => {
  it('say the KPIs, the targets worst first and the incidents, in English and Chinese (by hand)', () => {
    const digest = composeDigest(input);
    const en = renderNotification(digest, { language: 'en', baseUrl: 'https://markpi.example.com/' });
    expect(en.subject).toBe('Lumi: daily digest for 2026-03-01');
    expect(en.sections).toEqual([
      {
        heading: 'KPIs you follow',
        lines: [
          'GMV: CNY 1,234,567.89 (+13% vs the period before)',
          'ROAS: 2.35×',
          'CTR: no data for this period',
        ],
      },
      {
        heading: 'Targets',
        lines: [
          'roas-q1 (ROAS): off track, 80% of the to-date target',
          'cac-q1 (CAC): at risk, 93% of the to-date target; projected 97% of target',
          'gmv-q1 (GMV): on track, 104% of the to-date target; projected 102% of target',
          'later (GMV): not started',
          "gone: its pace can't be worked out now; see the target's page",
        ],
      },
      { heading: 'Open incidents (0)', lines: ['No open incidents'] },
    ]);
    expect(en.link).toEqual({ url: 'https://markpi.example.com/workspaces/lumi', label: 'Open in markpi' });
    const zh = renderNotification(digest, { language: 'zh' });
    expect(zh.subject).toBe('Lumi 日报：2026-03-01');
    expect(zh.sections[0]?.lines[0]).toBe('成交额：1,234,567.89 CNY（较上期 +13%）');
    expect(zh.sections[1]?.lines[0]).toBe('roas-q1（广告支出回报率）：落后，完成截至当日目标的 80%');
    // No public address: a dashboard path is no link.
    expect(zh.link).toBeNull();
  });

  it('orders incidents by severity then age, caps long lists and says the rest', () => {
    const monitorTitle = (text: string) => ({ key: 'monitor.title', params: { text } });
    const sayer: Sayer = (message, language) =>
      message.key === 'monitor.title' ? `${language}:${String(message.params.text)}` : undefined;
    const digest = composeDigest({
      ...input,
      cadence: 'weekly',
      period: { from: '2026-02-23', to: '2026-03-01' },
      maxItems: 2,
      incidents: [
        { id: 'a', severity: 'info', title: monitorTitle('a'), openedAt: '2026-02-20' },
        { id: 'b', severity: 'critical', title: monitorTitle('b'), openedAt: '2026-02-28' },
        { id: 'c', severity: 'critical', title: monitorTitle('c'), openedAt: '2026-02-25' },
      ],
    });
    const en = renderNotification(digest, { language: 'en', sayers: [sayer] });
    expect(en.title).toBe('Lumi: weekly digest for 2026-02-23 … 2026-03-01');
    expect(en.sections[2]).toEqual({
      heading: 'Open incidents (3)',
      lines: [
        '[critical] en:c (open since 2026-02-25)',
        '[critical] en:b (open since 2026-02-28)',
        '… and 1 more',
      ],
    });
    const zh = renderNotification(digest, { language: 'zh', sayers: [sayer] });
    expect(zh.sections[2]?.lines).toEqual([
      '【严重】zh:c（自 2026-02-25 起）',
      '【严重】zh:b（自 2026-02-28 起）',
      '……另有 1 项',
    ]);
    expect(zh.title).toBe('Lumi 周报：2026-02-23 至 2026-03-01');
  });

  it('orders targets as a sort on (colour rank, index, id) written out by hand would', () => {
    const statuses = ['red', 'amber', 'green', 'not_started', 'no_data', null] as const;
    const targets: DigestTarget[] = [];
    let n = 0;
    for (const status of statuses)
      for (const index of [0.5, 1.2, null])
        targets.push({ id: `t${(n++ * 7) % 18}`, kpiName: gmv, status, index, projectedIndex: null });
    const said = renderNotification(
      composeDigest({ ...input, targets: [...targets].reverse(), maxItems: 100 }),
      {
        language: 'en',
      },
    ).sections[1]!.lines.map((line) => line.split(/[ :]/)[0]);
    const rank = (target: DigestTarget) => statuses.indexOf(target.status);
    const expected = [...targets]
      .sort((a, b) => {
        if (rank(a) !== rank(b)) return rank(a) - rank(b);
        const ai = a.index ?? Infinity;
        const bi = b.index ?? Infinity;
        if (ai !== bi) return ai < bi ? -1 : 1;
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      })
      .map((target) => target.id);
    expect(said).toEqual(expected);
  });
});

describe('notification messages', () => {
  it('have English and Chinese for every key', () => {
    const params = {
      en: 'e',
      zh: 'z',
      text: 't',
      day: '2026-03-01',
      from: '2026-03-01',
      to: '2026-03-02',
      severity: 'warning',
      title: 'x',
      workspace: 'Lumi',
      cadence: 'daily',
      period: 'p',
      kpi: 'k',
      value: 1,
      unit: 'count',
      currency: 'CNY',
      change: 0.1,
      target: 't',
      status: 's',
      index: 0.9,
      projectedIndex: 1,
      count: 2,
      since: '2026-03-01',
      channel: 'email',
    };
    for (const key of NOTIFY_MESSAGE_KEYS) {
      const en = sayNotify(notifyMessage(key, params), 'en');
      const zh = sayNotify(notifyMessage(key, params), 'zh');
      expect(en.length, key).toBeGreaterThan(0);
      expect(zh.length, key).toBeGreaterThan(0);
      expect(en, key).not.toContain('undefined');
      expect(zh, key).not.toContain('undefined');
    }
    expect(() => sayNotify({ key: 'nobody.knows', params: {} }, 'en')).toThrow(/no text/);
  });

  it('say values in their units (by hand)', () => {
    expect(sayValue(12345.6, 'count', 'en')).toBe('12,346');
    expect(sayValue(-1234.5, 'currency', 'en', 'CNY')).toBe('CNY −1,234.50');
    expect(sayValue(1234.5, 'currency', 'zh', 'CNY')).toBe('1,234.50 CNY');
    expect(sayValue(0.03214, 'percent', 'en')).toBe('3.21%');
    expect(sayValue(2.5, 'multiple', 'zh')).toBe('2.50×');
    expect(sayValue(42.51, 'seconds', 'zh')).toBe('42.5 秒');
    expect(sayValue(0.012345, 'ratio', 'en')).toBe('0.0123');
    expect(sayValue(Number.NaN, 'count', 'en')).toBe('–');
  });

  it('make an email with the footer in the recipient’s language and escaped HTML', () => {
    const rendered = renderNotification(
      {
        kind: 'test',
        severity: 'info',
        title: notifyMessage('notify.test.title', { workspace: 'Lumi <Beauty>' }),
        sections: [{ lines: [notifyMessage('notify.test.body', { channel: 'email' })] }],
      },
      { language: 'zh' },
    );
    const email = emailContent(rendered, 'Lumi <Beauty>');
    expect(email.subject).toBe('Lumi <Beauty>：测试通知');
    expect(email.text).toContain('这是一条来自 markpi 的测试消息：发往 email 的通知可以送达。');
    expect(email.text).toContain('你是 markpi 中 Lumi <Beauty> 的成员');
    expect(email.html).toContain('<h2>Lumi &lt;Beauty&gt;：测试通知</h2>');
    expect(email.html).not.toContain('<Beauty>');
  });
});

describe('retries', () => {
  it('back off 1, 2, 4 … 32 minutes, then hourly, and give up after the tenth attempt', () => {
    const minutes = Array.from({ length: 9 }, (_, i) => retryDelayMs(DEFAULT_RETRY_POLICY, i + 1) / 60_000);
    expect(minutes).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    const now = new Date('2026-03-01T00:00:00Z');
    expect(nextAttemptAt(DEFAULT_RETRY_POLICY, 1, now, 300_000)).toEqual(new Date('2026-03-01T00:05:00Z'));
    expect(nextAttemptAt(DEFAULT_RETRY_POLICY, 10, now)).toBeNull();
  });
});
