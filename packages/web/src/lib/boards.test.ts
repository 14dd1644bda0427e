import { describe, expect, it } from 'vitest';
import { moved } from './boards';

describe('rearranging a board', () => {
  it('puts the card dragged where the card dropped on was, either way', () => {
    expect(moved(['a', 'b', 'c', 'd'], 'd', 'b')).toEqual(['a', 'd', 'b', 'c']);
    expect(moved(['a', 'b', 'c', 'd'], 'a', 'c')).toEqual(['b', 'c', 'a', 'd']);
    expect(moved(['a', 'b'], 'a', 'a')).toEqual(['a', 'b']);
    expect(moved(['a', 'b'], 'x', 'a')).toEqual(['a', 'b']);
  });

  it('matches moving by hand for every pair of four cards', () => {
    const cards = ['a', 'b', 'c', 'd'];
    for (const dragged of cards)
      for (const onto of cards) {
        const result = moved(cards, dragged, onto);
        // Independent: the same cards, the dragged one at the target's index.
        expect([...result].sort()).toEqual(cards);
        expect(result.indexOf(dragged)).toBe(cards.indexOf(onto));
      }
  });
});
