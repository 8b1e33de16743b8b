/**
 * A poster frame for an uploaded video, taken in the browser (the server has no video decoder): the
 * file plays into a hidden <video>, seeks to ~1 s (or 10 % of a shorter clip), and one frame is drawn
 * to a canvas and encoded as WebP (JPEG where the browser cannot encode WebP).
 */

/** Longest side of the poster; players scale it like the video, the editor shows it as a thumbnail. */
const POSTER_MAX = 1280;
const TIMEOUT_MS = 15_000;

/** Where to take the frame: 1 s in, but never past 10 % of a short clip (intros fade in from black). */
export function posterTime(durationS: number): number {
  if (!Number.isFinite(durationS) || durationS <= 0) return 0;
  return Math.min(1, durationS * 0.1);
}

/** The poster and the clip's length as the browser read it. Rejects when the browser cannot decode the file. */
export async function capturePoster(file: Blob): Promise<{ poster: Blob; durationMs: number }> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  try {
    await within(new Promise<void>((resolve, reject) => {
      video.onloadeddata = () => resolve();
      video.onerror = () => reject(new Error('浏览器无法解码此视频'));
      video.src = url;
    }));
    // NOTE: WebM written by MediaRecorder (and some streaming MP4s) carry no duration: the browser
    // says Infinity until it has seeked to the end once.
    if (!Number.isFinite(video.duration)) {
      await within(new Promise<void>((resolve) => {
        video.onseeked = () => resolve();
        video.currentTime = 1e9;
      })).catch(() => undefined);
    }
    const durationMs = Number.isFinite(video.duration) ? Math.round(video.duration * 1000) : 0;
    await within(new Promise<void>((resolve) => {
      video.onseeked = () => resolve();
      video.currentTime = posterTime(video.duration);
    }));
    const scale = Math.min(1, POSTER_MAX / Math.max(video.videoWidth, video.videoHeight, 1));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
    canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
    canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
    const webp = await toBlob(canvas, 'image/webp');
    // NOTE: a browser without a WebP encoder silently hands back PNG; JPEG is much smaller than that.
    const poster = webp?.type === 'image/webp' ? webp : await toBlob(canvas, 'image/jpeg');
    if (!poster) throw new Error('无法生成封面图');
    return { poster, durationMs };
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

/** A video's length read by the browser from its URL (for files whose length the server could not probe); 0 when unknown. */
export async function probeDuration(url: string): Promise<number> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'metadata';
  try {
    await within(new Promise<void>((resolve, reject) => {
      video.onloadedmetadata = () => resolve();
      video.onerror = () => reject(new Error('浏览器无法读取此视频'));
      video.src = url;
    }));
    if (!Number.isFinite(video.duration)) {
      await within(new Promise<void>((resolve) => {
        video.onseeked = () => resolve();
        video.currentTime = 1e9;
      }));
    }
    return Number.isFinite(video.duration) ? Math.round(video.duration * 1000) : 0;
  } catch {
    return 0;
  } finally {
    video.removeAttribute('src');
    video.load();
  }
}

function toBlob(canvas: HTMLCanvasElement, type: string): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, 0.85));
}

function within<T>(p: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('读取视频超时')), TIMEOUT_MS);
    p.then((v) => {
      clearTimeout(timer);
      resolve(v);
    }, (e: unknown) => {
      clearTimeout(timer);
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
}
