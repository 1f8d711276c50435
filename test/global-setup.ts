/**
 * One PostgreSQL for the whole run: the embedded one (in .data/test, kept between runs), or the
 * server named by TEST_DATABASE_URL. A migrated template database is prepared once; every test
 * file copies it (test/helpers/context.ts).
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findFreePort, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { dropTestDatabases, prepareTemplateDatabase } from '../src/db/test-databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDbUrl: string;
    templateDb: string;
  }
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({ dir: path.resolve('.data/test'), port: await findFreePort(), fast: true });
    adminUrl = server.adminUrl;
    stop = server.stop;
  }
  await dropTestDatabases(adminUrl); // leftovers of an interrupted run
  project.provide('adminDbUrl', adminUrl);
  project.provide('templateDb', await prepareTemplateDatabase(adminUrl));
  return async () => {
    await dropTestDatabases(adminUrl);
    await stop?.();
  };
}
