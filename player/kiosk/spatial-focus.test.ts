import { describe, expect, it } from 'vitest';
import { directionOf, pickSpatial, type Rect } from './spatial-focus';

const box = (x: number, y: number, width = 100, height = 100): Rect => ({ x, y, width, height });
// A 2 × 2 grid of tiles and a wide button below it.
const grid = [box(0, 0), box(200, 0), box(0, 200), box(200, 200), box(0, 400, 300, 80)];

describe('pickSpatial', () => {
  it('moves right, left, down and up within a grid', () => {
    expect(pickSpatial(grid[0]!, grid, 'right')).toBe(1);
    expect(pickSpatial(grid[1]!, grid, 'left')).toBe(0);
    expect(pickSpatial(grid[0]!, grid, 'down')).toBe(2);
    expect(pickSpatial(grid[3]!, grid, 'up')).toBe(1);
  });

  it('returns -1 at an edge', () => {
    expect(pickSpatial(grid[1]!, grid, 'right')).toBe(-1);
    expect(pickSpatial(grid[0]!, grid, 'up')).toBe(-1);
  });

  it('prefers a box in line over a nearer one off to the side', () => {
    const from = box(0, 0);
    const offside = box(300, 120); // nearer along the way down, but a column to the right
    const inLine = box(0, 300); // further, straight below
    expect(pickSpatial(from, [offside, inLine], 'down')).toBe(1);
  });

  it('of two aligned boxes picks the closer one', () => {
    expect(pickSpatial(box(0, 0), [box(0, 600), box(0, 200)], 'down')).toBe(1);
  });

  it('reaches a wide button below from either column', () => {
    expect(pickSpatial(grid[3]!, grid, 'down')).toBe(4);
    expect(pickSpatial(grid[2]!, grid, 'down')).toBe(4);
  });

  it('maps arrow keys and ignores others', () => {
    expect(directionOf('ArrowDown')).toBe('down');
    expect(directionOf('Enter')).toBeNull();
  });
});
