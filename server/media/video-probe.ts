/**
 * Reads a video's duration, size and codec from its container, without ffmpeg (none on the servers):
 * ISO-BMFF (MP4) `moov/mvhd` and the video track's `tkhd`/`stsd`; EBML (WebM) `Segment/Info` and
 * `Segment/Tracks`. Only the few boxes/elements needed are read from disk, never the media data.
 */
import { open, type FileHandle } from 'node:fs/promises';

export interface VideoProbe {
  /** Undefined when the container does not say (e.g. a WebM from MediaRecorder). */
  durationMs?: number;
  width: number;
  height: number;
  /** `avc1`/`avc3`/`hvc1`… for MP4, `V_VP8`/`V_VP9`/`V_AV1`… for WebM. */
  codec: string;
}

/** Why a file could not be probed; the pipeline turns it into a 4xx for staff. */
export class ProbeError extends Error {}

/** Header blocks bigger than this are refused rather than read into memory. */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;
/** Header numbers are whatever the file says; past these they are garbage, and a stored record must stay valid. */
const MAX_DURATION_MS = 24 * 3_600_000;
const MAX_SIDE = 16384;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  return buf.subarray(0, bytesRead);
}

/** Probes the MP4 or WebM file at `file`. */
export async function probeVideo(file: string, container: 'mp4' | 'webm'): Promise<VideoProbe> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    return sane(container === 'mp4' ? await probeMp4(fh, size) : await probeWebm(fh, size));
  } finally {
    await fh.close();
  }
}

/** An absurd duration is dropped (as when the container does not say); an absurd frame size refuses the file. */
function sane(p: VideoProbe): VideoProbe {
  const side = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_SIDE;
  if (!side(p.width) || !side(p.height)) throw new ProbeError(`frame size ${p.width}x${p.height} is not 1..${MAX_SIDE}`);
  const { durationMs, ...rest } = p;
  const ok = durationMs !== undefined && Number.isSafeInteger(durationMs) && durationMs > 0 && durationMs <= MAX_DURATION_MS;
  return ok ? { ...rest, durationMs } : rest;
}

// ---------------------------------------------------------------- ISO-BMFF

interface Box {
  type: string;
  /** Payload start and end (absolute within the buffer or file). */
  start: number;
  end: number;
}

/** The boxes directly inside `buf[from, to)`. */
function boxesIn(buf: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  let p = from;
  while (p + 8 <= to) {
    let size = buf.readUInt32BE(p);
    const type = buf.toString('latin1', p + 4, p + 8);
    let header = 8;
    if (size === 1) {
      if (p + 16 > to) break;
      size = Number(buf.readBigUInt64BE(p + 8));
      header = 16;
    } else if (size === 0) size = to - p;
    if (size < header || p + size > to) throw new ProbeError(`box ${type} overruns its parent`);
    out.push({ type, start: p + header, end: p + size });
    p += size;
  }
  return out;
}

const child = (buf: Buffer, parent: Box, type: string): Box | undefined => boxesIn(buf, parent.start, parent.end).find((b) => b.type === type);

async function probeMp4(fh: FileHandle, fileSize: number): Promise<VideoProbe> {
  // The top level holds ftyp, mdat (huge), moov (at the start or the end); only moov is read.
  let pos = 0;
  let moov: Buffer | undefined;
  while (pos + 8 <= fileSize) {
    const head = await readAt(fh, pos, 16);
    if (head.length < 8) break;
    let size = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    let header = 8;
    if (size === 1) {
      if (head.length < 16) break;
      size = Number(head.readBigUInt64BE(8));
      header = 16;
    } else if (size === 0) size = fileSize - pos;
    if (size < header) throw new ProbeError('bad top-level box size');
    if (type === 'moov') {
      if (size > MAX_HEADER_BYTES) throw new ProbeError('moov too large');
      moov = await readAt(fh, pos, size);
      if (moov.length < size) throw new ProbeError('moov truncated');
      break;
    }
    pos += size;
  }
  if (!moov) throw new ProbeError('no moov box (file incomplete?)');
  const root: Box = { type: 'moov', start: 8, end: moov.length };
  if (moov.readUInt32BE(0) === 1) root.start = 16;

  const mvhd = child(moov, root, 'mvhd');
  if (!mvhd) throw new ProbeError('no mvhd');
  const v1 = moov[mvhd.start] === 1;
  const timescale = moov.readUInt32BE(mvhd.start + (v1 ? 20 : 12));
  const duration = v1 ? Number(moov.readBigUInt64BE(mvhd.start + 24)) : moov.readUInt32BE(mvhd.start + 16);
  const durationMs = timescale > 0 && duration > 0 && duration !== 0xffffffff ? Math.round((duration / timescale) * 1000) : undefined;

  for (const trak of boxesIn(moov, root.start, root.end).filter((b) => b.type === 'trak')) {
    const mdia = child(moov, trak, 'mdia');
    const hdlr = mdia && child(moov, mdia, 'hdlr');
    if (!hdlr || moov.toString('latin1', hdlr.start + 8, hdlr.start + 12) !== 'vide') continue;
    const tkhd = child(moov, trak, 'tkhd');
    if (!tkhd || tkhd.end - tkhd.start < 84) throw new ProbeError('no tkhd');
    // Width and height are the last two 16.16 fixed-point fields; the matrix before them may rotate.
    let width = Math.round(moov.readUInt32BE(tkhd.end - 8) / 65536);
    let height = Math.round(moov.readUInt32BE(tkhd.end - 4) / 65536);
    const matrix = tkhd.end - 8 - 36;
    const a = moov.readInt32BE(matrix);
    const b = moov.readInt32BE(matrix + 4);
    if (a === 0 && b !== 0) [width, height] = [height, width];
    const minf = child(moov, mdia, 'minf');
    const stbl = minf && child(moov, minf, 'stbl');
    const stsd = stbl && child(moov, stbl, 'stsd');
    // stsd: version/flags (4), entry count (4), then the first sample entry box.
    const codec = stsd && stsd.end - stsd.start >= 16 ? moov.toString('latin1', stsd.start + 12, stsd.start + 16) : '';
    return { durationMs, width, height, codec };
  }
  throw new ProbeError('no video track');
}

// ---------------------------------------------------------------- EBML (WebM)

const EBML_HEADER = 0x1a45dfa3;
const DOC_TYPE = 0x4282;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const TRACK_TYPE = 0x83;
const CODEC_ID = 0x86;
const VIDEO = 0xe0;
const PIXEL_WIDTH = 0xb0;
const PIXEL_HEIGHT = 0xba;
const CLUSTER = 0x1f43b675;

interface Element {
  id: number;
  /** Payload start; `size` is -1 when unknown (live streams). */
  start: number;
  size: number;
}

/** Reads a variable-length integer at `p`; `keepMarker` for IDs. Returns [value, length]. */
function vint(buf: Buffer, p: number, keepMarker: boolean): [number, number] {
  const first = buf[p];
  if (first === undefined || first === 0) throw new ProbeError('bad EBML varint');
  const len = Math.clz32(first) - 23;
  if (p + len > buf.length) throw new ProbeError('EBML varint truncated');
  let value = keepMarker ? first : first & (0xff >> len);
  let allOnes = value === (0xff >> len);
  for (let i = 1; i < len; i++) {
    value = value * 256 + buf[p + i]!;
    if (buf[p + i] !== 0xff) allOnes = false;
  }
  return [!keepMarker && allOnes ? -1 : value, len];
}

function elementAt(buf: Buffer, p: number): Element & { headerLen: number } {
  const [id, idLen] = vint(buf, p, true);
  const [size, sizeLen] = vint(buf, p + idLen, false);
  return { id, start: p + idLen + sizeLen, size, headerLen: idLen + sizeLen };
}

/** The elements directly inside `buf[from, to)`, all of known size. */
function elementsIn(buf: Buffer, from: number, to: number): Element[] {
  const out: Element[] = [];
  let p = from;
  while (p < to) {
    const e = elementAt(buf, p);
    if (e.size < 0 || e.start + e.size > to) throw new ProbeError('EBML element overruns its parent');
    out.push(e);
    p = e.start + e.size;
  }
  return out;
}

function uint(buf: Buffer, e: Element): number {
  let v = 0;
  for (let i = 0; i < e.size; i++) v = v * 256 + buf[e.start + i]!;
  return v;
}

async function probeWebm(fh: FileHandle, fileSize: number): Promise<VideoProbe> {
  const head = await readAt(fh, 0, Math.min(fileSize, 4096));
  const ebml = elementAt(head, 0);
  if (ebml.id !== EBML_HEADER || ebml.size < 0 || ebml.start + ebml.size > head.length) throw new ProbeError('no EBML header');
  const docType = elementsIn(head, ebml.start, ebml.start + ebml.size).find((e) => e.id === DOC_TYPE);
  const doc = docType ? head.toString('latin1', docType.start, docType.start + docType.size).replace(/\0+$/, '') : '';
  if (doc !== 'webm') throw new ProbeError(`doc type ${doc || 'missing'} is not webm`);

  const segHead = await readAt(fh, ebml.start + ebml.size, 16);
  const segment = elementAt(segHead, 0);
  if (segment.id !== SEGMENT) throw new ProbeError('no Segment');
  const segStart = ebml.start + ebml.size + segment.headerLen;
  const segEnd = segment.size < 0 ? fileSize : Math.min(fileSize, segStart + segment.size);

  let info: Buffer | undefined;
  let tracks: Buffer | undefined;
  // Info and Tracks come before the first Cluster in every muxer we know; stop there.
  for (let p = segStart; p < segEnd && !(info && tracks); ) {
    const h = await readAt(fh, p, 16);
    if (h.length < 2) break;
    const e = elementAt(h, 0);
    if (e.id === CLUSTER || e.size < 0) break;
    if (e.id === INFO || e.id === TRACKS) {
      if (e.size > MAX_HEADER_BYTES) throw new ProbeError('header element too large');
      const body = await readAt(fh, p + e.headerLen, e.size);
      if (body.length < e.size) throw new ProbeError('header element truncated');
      if (e.id === INFO) info = body;
      else tracks = body;
    }
    p += e.headerLen + e.size;
  }
  if (!tracks) throw new ProbeError('no Tracks');

  let durationMs: number | undefined;
  if (info) {
    const fields = elementsIn(info, 0, info.length);
    const scaleEl = fields.find((e) => e.id === TIMECODE_SCALE);
    const scaleNs = scaleEl ? uint(info, scaleEl) : 1_000_000;
    const d = fields.find((e) => e.id === DURATION);
    if (d && (d.size === 4 || d.size === 8)) {
      const ticks = d.size === 4 ? info.readFloatBE(d.start) : info.readDoubleBE(d.start);
      if (Number.isFinite(ticks) && ticks > 0) durationMs = Math.round((ticks * scaleNs) / 1e6);
    }
  }
  for (const entry of elementsIn(tracks, 0, tracks.length).filter((e) => e.id === TRACK_ENTRY)) {
    const fields = elementsIn(tracks, entry.start, entry.start + entry.size);
    const type = fields.find((e) => e.id === TRACK_TYPE);
    if (!type || uint(tracks, type) !== 1) continue;
    const codecEl = fields.find((e) => e.id === CODEC_ID);
    const codec = codecEl ? tracks.toString('latin1', codecEl.start, codecEl.start + codecEl.size).replace(/\0+$/, '') : '';
    const video = fields.find((e) => e.id === VIDEO);
    const dims = video ? elementsIn(tracks, video.start, video.start + video.size) : [];
    const w = dims.find((e) => e.id === PIXEL_WIDTH);
    const h = dims.find((e) => e.id === PIXEL_HEIGHT);
    return { durationMs, width: w ? uint(tracks, w) : 0, height: h ? uint(tracks, h) : 0, codec };
  }
  throw new ProbeError('no video track');
}
