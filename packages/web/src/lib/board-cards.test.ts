/**
 * A card's small chart: across dimension values the largest first and at most ten; over time one
 * series per value, empty buckets as gaps, the largest five by their total — checked against rows
 * worked out by hand and against a brute-force ranking of random rows.
 */
import { describe, expect, it } from 'vitest';
import { CARD_BARS, CARD_SERIES, cardChart } from './board-cards';

const byChannel = (row: Record<string, unknown>) => String(row.channel ?? '');

describe('a board card’s chart', () => {
  it('ranks totals across values', () => {
    const columns = [
      { key: 'channel', role: 'dimension' },
      { key: 'spend', role: 'kpi' },
    ];
    const rows = [
      { channel: 'tmall', spend: 4 },
      { channel: 'douyin', spend: 13 },
      { channel: 'jd', spend: null },
    ];
    expect(cardChart(columns, rows, 'spend', byChannel)).toEqual({
      categories: ['douyin', 'tmall'],
      series: [{ name: 'spend', values: [13, 4] }],
    });
  });

  it('lays buckets out with gaps and keeps the largest series', () => {
    const columns = [
      { key: 'day', role: 'time' },
      { key: 'channel', role: 'dimension' },
      { key: 'spend', role: 'kpi' },
    ];
    const rows = [
      { day: '2026-05-02', channel: 'douyin', spend: 30 },
      { day: '2026-05-01', channel: 'douyin', spend: 10 },
      { day: '2026-05-02', channel: 'tmall', spend: 20 },
    ];
    expect(cardChart(columns, rows, 'spend', byChannel)).toEqual({
      categories: ['2026-05-01', '2026-05-02'],
      series: [
        { name: 'douyin', values: [10, 30] },
        { name: 'tmall', values: [null, 20] },
      ],
    });
  });

  it('keeps the same series and bars a brute-force ranking keeps', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 20; round += 1) {
      const channels = Array.from({ length: 3 + Math.floor(random() * 12) }, (_, index) => `c${index}`);
      const days = ['2026-05-01', '2026-05-02', '2026-05-03'];
      const rows = channels.flatMap((channel) =>
        days
          .filter(() => random() > 0.3)
          .map((day) => ({ day, channel, spend: Math.round(random() * 1000) })),
      );
      const totals = new Map<string, number>();
      for (const row of rows) totals.set(row.channel, (totals.get(row.channel) ?? 0) + row.spend);
      const expected = [...totals.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, CARD_SERIES)
        .map(([channel]) => channel);
      const timed = cardChart(
        [
          { key: 'day', role: 'time' },
          { key: 'channel', role: 'dimension' },
        ],
        rows,
        'spend',
        byChannel,
      );
      expect(timed.series.map((series) => series.name)).toEqual(expected);
      for (const series of timed.series)
        expect(series.values.reduce<number>((sum, value) => sum + (value ?? 0), 0)).toBe(
          totals.get(series.name),
        );

      const totalRows = [...totals.entries()].map(([channel, spend]) => ({ channel, spend }));
      const bars = cardChart([{ key: 'channel', role: 'dimension' }], totalRows, 'spend', byChannel);
      const ranked = [...totals.values()].sort((a, b) => b - a).slice(0, CARD_BARS);
      expect(bars.series[0]?.values).toEqual(ranked);
    }
  });
});
