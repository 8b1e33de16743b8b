import { describe, expect, it } from 'vitest';
import { uploadProblem } from './upload-check';

const MB = 1024 * 1024;
const limits = { maxUploadBytes: 200 * MB, types: ['image/png', 'video/mp4', 'video/webm'] };

describe('uploadProblem()', () => {
  it.each([
    ['a small PNG', { name: 'a.png', size: 10 * MB, type: 'image/png' }, undefined],
    ['exactly the limit', { name: 'a.mp4', size: 200 * MB, type: 'video/mp4' }, undefined],
    ['220 MB video', { name: '宣传片.mp4', size: 220 * MB, type: 'video/mp4' }, '「宣传片.mp4」有 220 MB，超过 200 MB 上限，请压缩后再上传'],
    ['a PDF', { name: '通知.pdf', size: MB, type: 'application/pdf' }, '「通知.pdf」的格式不支持：请上传 PNG、JPEG、WebP、GIF、AVIF 图片或 MP4、WebM 视频'],
    ['no type, known extension', { name: 'clip.WEBM', size: MB, type: '' }, undefined],
    ['an empty file', { name: 'a.png', size: 0, type: 'image/png' }, '「a.png」是空文件'],
  ])('%s', (_name, file, expected) => {
    expect(uploadProblem(file, limits)).toBe(expected);
  });
});
