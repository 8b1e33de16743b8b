import { describe, expect, it } from 'vitest';
import type { Target } from './model';
import { targetSpecificity, targetsScreen, type TargetableScreen } from './targeting';

const waitingTv: TargetableScreen = { id: 'scr-1', hallId: 'hall-1', area: 'waiting', tags: ['lobby', 'tv'] };
const counterStrip: TargetableScreen = { id: 'scr-2', hallId: 'hall-2', area: 'counter', tags: [] };

describe('targetsScreen() says whether a target reaches a screen', () => {
  it.each<[string, Target, TargetableScreen, boolean]>([
    ['`all` reaches every screen', { all: true }, counterStrip, true],
    ['`all: false` alone reaches nobody', { all: false }, waitingTv, false],
    ['an empty target reaches nobody', {}, waitingTv, false],
    ['empty lists reach nobody', { screenIds: [], hallIds: [], areas: [], tags: [] }, waitingTv, false],
    ['a screen id reaches that screen', { screenIds: ['scr-1'] }, waitingTv, true],
    ['a screen id does not reach another screen', { screenIds: ['scr-1'] }, counterStrip, false],
    ['a screen id matches on its own, whatever the other dimensions say', { screenIds: ['scr-1'], hallIds: ['hall-9'] }, waitingTv, true],
    ['a hall reaches its screens', { hallIds: ['hall-1'] }, waitingTv, true],
    ['a hall does not reach other halls', { hallIds: ['hall-1'] }, counterStrip, false],
    ['any of several halls', { hallIds: ['hall-9', 'hall-2'] }, counterStrip, true],
    ['an area reaches its screens', { areas: ['waiting'] }, waitingTv, true],
    ['an area does not reach other areas', { areas: ['exhibition'] }, waitingTv, false],
    ['a tag reaches screens carrying it', { tags: ['lobby'] }, waitingTv, true],
    ['any one shared tag is enough', { tags: ['outdoor', 'tv'] }, waitingTv, true],
    ['a tag does not reach untagged screens', { tags: ['lobby'] }, counterStrip, false],
    ['hall AND area: the waiting area of hall 1', { hallIds: ['hall-1'], areas: ['waiting'] }, waitingTv, true],
    ['hall AND area: the right hall, wrong area', { hallIds: ['hall-1'], areas: ['counter'] }, waitingTv, false],
    ['hall AND area: the right area, wrong hall', { hallIds: ['hall-1'], areas: ['counter'] }, counterStrip, false],
    ['hall AND tag', { hallIds: ['hall-1'], tags: ['lobby'] }, waitingTv, true],
    ['area AND tag, tag missing', { areas: ['waiting'], tags: ['outdoor'] }, waitingTv, false],
    ['an empty list is ignored next to a filled one', { hallIds: [], areas: ['waiting'] }, waitingTv, true],
  ])('%s', (_name, target, screen, expected) => {
    expect(targetsScreen(target, screen)).toBe(expected);
  });
});

describe('targetSpecificity() ranks how narrowly a target names a screen', () => {
  it.each<[string, Target, number]>([
    ['by screen id', { screenIds: ['scr-1'] }, 3],
    ['by screen id even next to a hall', { screenIds: ['scr-1'], hallIds: ['hall-1'] }, 3],
    ['by area', { areas: ['waiting'] }, 2],
    ['by tag', { tags: ['lobby'] }, 2],
    ['by hall and area', { hallIds: ['hall-1'], areas: ['waiting'] }, 2],
    ['by hall', { hallIds: ['hall-1'] }, 1],
    ['everyone', { all: true }, 0],
    ['a screen list that names other screens counts as the rest of the target', { screenIds: ['scr-9'], hallIds: ['hall-1'] }, 1],
  ])('%s', (_name, target, expected) => {
    expect(targetSpecificity(target, waitingTv)).toBe(expected);
  });
});
