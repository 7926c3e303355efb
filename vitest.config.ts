import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The e2e files share one server, whose first sign-up becomes its admin (chat.test.ts checks
 * that), so they run in name order; everything else keeps vitest's order.
 */
class E2eInNameOrder extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const e2e = sorted
      .filter((f) => f.project.name === 'e2e')
      .sort((a, b) => a.moduleId.localeCompare(b.moduleId));
    let next = 0;
    return sorted.map((f) => (f.project.name === 'e2e' ? e2e[next++] : f));
  }
}

const alias = { '@': path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    sequence: { sequencer: E2eInNameOrder },
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // What needs a PostgreSQL server (several processes on one database) runs in that pass
          // only, instead of showing up as skipped in the PGlite pass.
          exclude: process.env.ATELIER_TEST_DATABASE_URL
            ? configDefaults.exclude
            : [...configDefaults.exclude, 'test/integration/**/*.server.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        // `npm run dev` started as a developer starts it: a server of its own (port, data root and
        // Next output folder), so it needs neither the production build nor the e2e server.
        resolve: { alias },
        test: {
          name: 'dev',
          include: ['test/dev/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
