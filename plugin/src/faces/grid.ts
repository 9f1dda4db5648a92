// Keyboard moves in the review grid (pure: unit-tested in Node).

/** The card index a key moves to in a grid of `count` cards, `columns` wide; the same index when the key is not a move. */
export function gridMove(index: number, key: string, columns: number, count: number): number {
  if (count === 0) return 0;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowRight':
    case 'l':
      return clamp(index + 1);
    case 'ArrowLeft':
    case 'h':
      return clamp(index - 1);
    case 'ArrowDown':
    case 'j':
      return clamp(index + columns);
    case 'ArrowUp':
    case 'k':
      return clamp(index - columns);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return clamp(index);
  }
}

/** "1h 05m", "12m", "40s": how long a run has left. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds == null) return '…';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60) % 60, h = Math.floor(s / 3600);
  return h ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m`;
}
