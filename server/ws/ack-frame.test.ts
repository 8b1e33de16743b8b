import { describe, expect, it } from 'vitest';
import { PlayerMessage } from '../../content/protocol';
import { readAckFrame } from './ack-frame';

describe('readAckFrame()', () => {
  it.each([
    ['a call ack', { type: 'ack', kind: 'call', id: 'call_abc123', shownAt: 1764644000123 }],
    ['an ack with audio and fractions', { type: 'ack', kind: 'call', id: 'q-1.a:b~c', shownAt: 1764644000123.4567, audioStartedAt: 1764644000200.5 }],
    ['an override ack', { type: 'ack', kind: 'override', id: 'ovr_x', shownAt: 0 }],
    ['a negative time', { type: 'ack', kind: 'call', id: 'c', shownAt: -5 }],
  ])('reads %s exactly as JSON.parse + the schema would', (_name, msg) => {
    const raw = JSON.stringify(msg);
    expect(readAckFrame(raw)).toEqual(PlayerMessage.parse(JSON.parse(raw)));
  });

  it.each([
    ['another key order', '{"kind":"call","type":"ack","id":"c","shownAt":1}'],
    ['an unknown kind', '{"type":"ack","kind":"slide","id":"c","shownAt":1}'],
    ['an empty id', '{"type":"ack","kind":"call","id":"","shownAt":1}'],
    ['an id past 64 characters', `{"type":"ack","kind":"call","id":"${'x'.repeat(65)}","shownAt":1}`],
    ['an escaped id', '{"type":"ack","kind":"call","id":"a\\"b","shownAt":1}'],
    ['a string time', '{"type":"ack","kind":"call","id":"c","shownAt":"1"}'],
    ['an exponent', '{"type":"ack","kind":"call","id":"c","shownAt":1e3}'],
    ['a trailing field', '{"type":"ack","kind":"call","id":"c","shownAt":1,"x":1}'],
    ['trailing text', '{"type":"ack","kind":"call","id":"c","shownAt":1}x'],
    ['a health frame', '{"type":"health","fps":60}'],
  ])('leaves %s to the full parser', (_name, raw) => {
    expect(readAckFrame(raw)).toBeUndefined();
  });

});
