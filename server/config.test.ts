/** The cluster-mode settings read from the environment; the embedded default needs none of them. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig cluster settings', () => {
  it.each([
    ['nothing set: embedded default', {}, { databaseUrl: undefined, redisUrl: undefined, webConcurrency: 1, redisPrefix: 'hs:embedded:', mediaDir: path.resolve('/d/media'), uploadDir: path.resolve('/d/tmp'), sharedDir: undefined }],
    [
      'both URLs and a shared media folder',
      { DATABASE_URL: 'postgres://u@db:5432/signage', REDIS_URL: 'redis://cache:6379', MEDIA_DIR: '/mnt/media' },
      { databaseUrl: 'postgres://u@db:5432/signage', redisUrl: 'redis://cache:6379', redisPrefix: 'hs:signage:', mediaDir: '/mnt/media', uploadDir: '/mnt/media/.incoming', sharedDir: '/mnt/media' },
    ],
    ['postgresql: scheme, explicit prefix, workers', { DATABASE_URL: 'postgresql://db/x', REDIS_PREFIX: 'p:', WEB_CONCURRENCY: '4' }, { databaseUrl: 'postgresql://db/x', redisPrefix: 'p:', webConcurrency: 4 }],
    ['WEB_CONCURRENCY=0 means one process', { WEB_CONCURRENCY: '0' }, { webConcurrency: 1 }],
  ])('%s', (_name, env, expected) => {
    expect(loadConfig({ DATA_DIR: '/d', ...env })).toMatchObject(expected);
  });

  it.each([
    [{ DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL must start with postgres:/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    [{ REDIS_URL: 'http://cache' }, /REDIS_URL must start with redis:/],
    [{ WEB_CONCURRENCY: 'two' }, /WEB_CONCURRENCY must be a non-negative integer/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
