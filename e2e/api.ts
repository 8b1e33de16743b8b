/** Small HTTP helpers for specs that set things up through the real API. */
import { inject } from 'vitest';

export const baseUrl = (): string => inject('baseUrl');

/** Logs in as admin and returns a fetch bound to that session (`body` is sent as JSON, `form` as multipart). */
export async function adminSession(): Promise<(path: string, init?: { method?: string; body?: unknown; form?: FormData }) => Promise<Response>> {
  const res = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: inject('adminPassword') }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return (path, init = {}) =>
    fetch(`${baseUrl()}${path}`, {
      method: init.method ?? (init.body || init.form ? 'POST' : 'GET'),
      headers: { cookie, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.form ?? (init.body ? JSON.stringify(init.body) : undefined),
    });
}

/** Posts a queue call with the integration token. */
export function postCall(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${baseUrl()}/api/queue/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${inject('queueToken')}` },
    body: JSON.stringify(body),
  });
}
