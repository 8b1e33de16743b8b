/**
 * The browser's speech synthesis as a last resort, for calls that come without a server voice.
 * Only a local voice whose language is Chinese (zh-*, cmn-*) counts: a network voice needs the
 * internet a hall may not have, and a non-Chinese voice reads 请 A023 号 as gibberish.
 */
import type { SpeechSink } from './announcer';

/** A local Chinese voice, or null (voices may load late: ask again each time). */
export function localChineseVoice(synth: SpeechSynthesis | undefined = globalThis.speechSynthesis): SpeechSynthesisVoice | null {
  if (!synth) return null;
  return synth.getVoices().find((v) => v.localService && /^(zh|cmn)\b/i.test(v.lang)) ?? null;
}

/** Speech synthesis behind the announcer's SpeechSink interface. */
export function createSpeechSink(synth: SpeechSynthesis | undefined = globalThis.speechSynthesis): SpeechSink {
  return {
    available: () => localChineseVoice(synth) !== null,
    speak(text, repeat, events) {
      const voice = localChineseVoice(synth);
      if (!synth || !voice) return events.failed(false);
      let left = repeat;
      let started = false;
      const sayOnce = (): void => {
        const u = new SpeechSynthesisUtterance(text);
        u.voice = voice;
        u.lang = voice.lang;
        u.rate = 0.9;
        u.onstart = () => {
          if (!started) events.started();
          started = true;
        };
        u.onend = () => (--left > 0 ? sayOnce() : events.ended());
        // Chromium refuses speech without a user activation, like audio: 'not-allowed'.
        u.onerror = (e) => (e.error === 'interrupted' || e.error === 'canceled' ? undefined : events.failed(e.error === 'not-allowed'));
        synth.speak(u);
      };
      sayOnce();
    },
    cancel: () => synth?.cancel(),
  };
}
