/**
 * One PostgreSQL for the whole run: a fresh embedded cluster in a temporary folder (removed at the
 * end), or the server named by TEST_DATABASE_URL. A migrated template database is prepared once;
 * every test file copies it (test/helpers/context.ts). Database names carry this run's prefix,
 * so concurrent runs never touch each other's databases.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findFreePort, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { dropTestDatabases, newTestRunPrefix, prepareTemplateDatabase } from '../src/db/test-databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDbUrl: string;
    templateDb: string;
    testDbPrefix: string;
  }
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let cleanup = async () => {};
  if (!adminUrl) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citaplanner-test-'));
    // Run as root, PostgreSQL runs as the `postgres` user, which must be able to enter this folder.
    await fs.chmod(dir, 0o755);
    const server = await startEmbeddedPostgres({ dir, port: await findFreePort(), fast: true });
    adminUrl = server.adminUrl;
    cleanup = async () => {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    };
  }
  const prefix = newTestRunPrefix();
  project.provide('adminDbUrl', adminUrl);
  project.provide('testDbPrefix', prefix);
  project.provide('templateDb', await prepareTemplateDatabase(adminUrl));
  return async () => {
    await dropTestDatabases(adminUrl, prefix);
    await cleanup();
  };
}
