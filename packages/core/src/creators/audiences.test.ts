import { describe, expect, it } from 'vitest';
import { audienceFlows, poolGrowthBefore, type StageDay } from './audiences.js';
import { sayCreators } from './messages.js';

const day = (date: string, sizes: number[], moved: [number, number] = [0, 0]): StageDay[] =>
  sizes.map((users, index) => ({
    date,
    stage: `a${index + 1}`,
    users,
    movedToA3: index === 0 ? moved[0] : index === 1 ? moved[1] : 0,
  }));

const ROWS: StageDay[] = [
  ...day('2026-10-31', [1000, 500, 200, 100, 10], [99, 99]),
  ...day('2026-11-01', [990, 495, 225, 105, 10], [20, 10]),
  ...day('2026-11-02', [1010, 480, 260, 110, 10], [30, 20]),
];

describe('O-5A flows between two dates', () => {
  const flows = audienceFlows(ROWS, { from: '2026-11-01', to: '2026-11-02' });

  it('opens on the day before the window and closes on its last day', () => {
    expect([flows.openingDate, flows.closingDate]).toEqual(['2026-10-31', '2026-11-02']);
    expect(flows.stages.map((stage) => [stage.stage, stage.opening, stage.closing, stage.change])).toEqual([
      ['a1', 1000, 1010, 10],
      ['a2', 500, 480, -20],
      ['a3', 200, 260, 60],
      ['a4', 100, 110, 10],
      ['a5', 10, 10, 0],
    ]);
    expect(flows.stages[2]!.changeRate).toBeCloseTo(0.3, 12);
  });

  it('counts the reported transfers to A3 in the window only, over the source’s opening size', () => {
    // A1: 20 + 30 = 50 of 1,000; A2: 10 + 20 = 30 of 500; both: 80 of 1,500 (the 99s are before).
    expect(flows.flows).toEqual([
      { from: 'a1', to: 'a3', users: 50, rate: 0.05 },
      { from: 'a2', to: 'a3', users: 30, rate: 0.06 },
      { from: 'a1_a2', to: 'a3', users: 80, rate: 80 / 1500 },
    ]);
    // A3 grew by 60 with 80 arriving: 20 more left than came from elsewhere.
    expect(flows.a3).toEqual({ inflow: 80, otherNet: -20 });
    expect(flows.notes.map((note) => note.key)).toEqual(['audiences.net_flows']);
  });

  it('stands in the last earlier snapshot for a missing day, and says so', () => {
    const later = audienceFlows(ROWS, { from: '2026-11-03', to: '2026-11-05' });
    expect([later.openingDate, later.closingDate]).toEqual(['2026-11-02', '2026-11-02']);
    expect(later.flows[2]).toEqual({ from: 'a1_a2', to: 'a3', users: 0, rate: 0 });
    expect(sayCreators(later.notes[0]!, 'en')).toBe(
      'no stage sizes on 2026-11-05: the last earlier snapshot (2026-11-02) stands for it',
    );
    const early = audienceFlows(ROWS, { from: '2026-10-01', to: '2026-10-31' });
    expect(early.stages[0]!.opening).toBeNull();
    expect(early.flows[0]!.rate).toBeNull();
    expect(sayCreators(early.notes[0]!, 'zh')).toBe('2026-09-30 及之前没有人群阶段数据');
  });

  it('agrees with a person-level simulation when everyone moves at most once', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    // People start in a stage; each day an A1 or A2 person moves to A3 with some chance, once.
    const people = Array.from({ length: 3000 }, () => ({
      stage: 1 + Math.floor(random() * 5),
      moved: false,
    }));
    const startedIn = people.map((person) => person.stage);
    const dates = ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04'];
    const rows: StageDay[] = [];
    for (const [index, date] of dates.entries()) {
      const moved = [0, 0];
      if (index > 0) {
        for (const person of people) {
          if (!person.moved && person.stage <= 2 && random() < 0.04 * person.stage) {
            moved[person.stage - 1]!++;
            person.stage = 3;
            person.moved = true;
          }
        }
      }
      for (let stage = 1; stage <= 5; stage++)
        rows.push({
          date,
          stage: `a${stage}`,
          users: people.filter((person) => person.stage === stage).length,
          movedToA3: stage <= 2 ? moved[stage - 1]! : 0,
        });
    }
    const simulated = audienceFlows(rows, { from: '2026-06-02', to: '2026-06-04' });
    for (const source of [1, 2]) {
      const inSource = startedIn.filter((stage) => stage === source).length;
      const movedFromSource = people.filter(
        (person, index) => person.moved && startedIn[index] === source,
      ).length;
      expect(simulated.flows[source - 1]!.rate).toBeCloseTo(movedFromSource / inSource, 12);
    }
    const a3 = simulated.stages[2]!;
    expect(a3.change).toBe(simulated.a3.inflow);
    expect(simulated.a3.otherNet).toBe(0);
  });
});

describe('A3 pool growth before a promotion', () => {
  // A3 grows by 2 a day from 100 on 2026-09-01.
  const series = Array.from({ length: 70 }, (_, index) => ({
    date: new Date(Date.UTC(2026, 8, 1 + index)).toISOString().slice(0, 10),
    users: 100 + 2 * index,
  }));

  it('compares the level the day before the promotion with the level the given days earlier', () => {
    const growth = poolGrowthBefore(series, '2026-11-01', 30);
    // 2026-10-31 is day 60 (220), 2026-10-01 day 30 (160): +60, +37.5%, 2 a day.
    expect(growth.before).toEqual({
      startDate: '2026-10-01',
      endDate: '2026-10-31',
      start: 160,
      end: 220,
      growth: 60,
      rate: 0.375,
      perDay: 2,
    });
    // The 30 days before that run from 2026-09-01 (100) to 2026-10-01 (160).
    expect(growth.previous).toMatchObject({ startDate: '2026-09-01', start: 100, end: 160, growth: 60 });
    expect(growth.notes).toEqual([]);
    // Over 40 days the window before would start on 2026-08-12, before the series: no level there.
    const longer = poolGrowthBefore(series, '2026-11-01', 40);
    expect(longer.before).toMatchObject({ start: 140, end: 220, growth: 80, perDay: 2 });
    expect(longer.previous).toMatchObject({ endDate: '2026-09-21', end: 140, start: null, growth: null });
    expect(longer.notes.map((note) => note.key)).toEqual(['audiences.no_snapshot']);
    const shorter = poolGrowthBefore(series, '2026-11-01', 10);
    expect(shorter.previous).toMatchObject({ start: 180, end: 200, growth: 20, perDay: 2 });
  });
});
