import { describe, expect, it } from 'vitest';
import { formatEta, gridMove } from '../plugin/src/faces/grid.js';

describe('Faces page keyboard grid', () => {
  it('moves by card and by row, and stays inside the grid', () => {
    expect(gridMove(0, 'ArrowRight', 4, 10)).toBe(1);
    expect(gridMove(0, 'ArrowLeft', 4, 10)).toBe(0);
    expect(gridMove(1, 'ArrowDown', 4, 10)).toBe(5);
    expect(gridMove(8, 'ArrowDown', 4, 10)).toBe(9);
    expect(gridMove(5, 'k', 4, 10)).toBe(1);
    expect(gridMove(3, 'End', 4, 10)).toBe(9);
    expect(gridMove(12, 'a', 4, 10)).toBe(9); // the list shrank under the focus
    expect(gridMove(0, 'ArrowRight', 4, 0)).toBe(0);
  });

  it('says how long a run has left', () => {
    expect(formatEta(null)).toBe('…');
    expect(formatEta(42)).toBe('42s');
    expect(formatEta(12 * 60)).toBe('12m');
    expect(formatEta(3900)).toBe('1h 05m');
  });
});
