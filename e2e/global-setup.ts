/** One real server for the specs (temp DATA_DIR, free port); its URL and credentials go to the specs. */
import type { TestProject } from 'vitest/node';
import { startServer, type ServerProcess } from './server-process';

export const ADMIN_PASSWORD = 'e2e-admin-pass';
export const QUEUE_TOKEN = 'e2e-queue-token';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
    queueToken: string;
  }
}

let server: ServerProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startServer({ ADMIN_PASSWORD, QUEUE_TOKEN });
  project.provide('baseUrl', server.baseUrl);
  project.provide('adminPassword', ADMIN_PASSWORD);
  project.provide('queueToken', QUEUE_TOKEN);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
