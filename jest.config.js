/**
 * One jest for the whole tree, in two projects:
 * - unit: the tests beside their code that need no server, no child process and no synth
 *   (`npm run test:unit`, seconds);
 * - integration: the cross-cutting suites of test/ (the local platform, the CDK app, npm start,
 *   the benchmarks' build), the `*.integration.test.ts` files and packages/local's own tests.
 * `npm run jest` runs both. Browser tests need Chromium: their own run, `npm run test:browser`
 * (test/browser/jest.config.js, built from `baseProject`).
 */
import { availableParallelism } from 'node:os';

/** What every project shares: how TypeScript is run, and the environment of each test file. */
export const baseProject = {
  rootDir: import.meta.dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // middy and jose ship ESM only: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  modulePathIgnorePatterns: ['<rootDir>/infra/cdk.out', '<rootDir>/.data'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/test/support/env.ts'],
};

/** Tests that start servers or processes, or synthesize: not unit tests, wherever they live (test/repo aside). */
const integrationPaths = ['<rootDir>/test/', '\\.integration\\.test\\.ts$', '<rootDir>/packages/local/'];

export default {
  // Two cores here (and on CI): jest's default (cores − 1) would run every file one after another,
  // while most integration suites spend part of their time waiting on a server, a child process or
  // the run's synth. One worker more than the cores fills those waits: on a clean clone here, warm,
  // 81 s with three workers against 95 s with two, and less CPU in all.
  maxWorkers: Math.max(3, availableParallelism() + 1),
  // Run-wide, not per project. A guard against a hang, not a measure (speed is the benches'): wide
  // enough for a platform to start on a loaded two-core machine.
  testTimeout: 120_000,
  // How long a worker may take to end once the run is over, before jest kills it and warns "a worker
  // process has failed to exit gracefully" (500 ms by default). A worker ends the run with 400–550 MB
  // of heap, and Node took 0.5–0.6 s to tear that down after the worker's 'exit' event on a quiet
  // machine, more under load: the warning came at the end of every full run, though nothing had
  // leaked. A worker kept alive by something a test left open still gets killed, and the warning.
  workerGracefulExitTimeout: 5_000,
  // On a run without timings (a fresh clone), the suites that wait longest first: see the file.
  testSequencer: '<rootDir>/test/support/sequencer.cjs',
  projects: [
    {
      ...baseProject,
      displayName: 'unit',
      // test/repo: checks of the repository's own files (documents and their links).
      roots: ['<rootDir>/packages', '<rootDir>/functions', '<rootDir>/infra', '<rootDir>/test/repo'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...integrationPaths.filter((path) => path !== '<rootDir>/test/')],
    },
    {
      ...baseProject,
      displayName: 'integration',
      roots: ['<rootDir>/packages', '<rootDir>/test'],
      testMatch: ['<rootDir>/test/**/*.test.ts', '**/*.integration.test.ts', '<rootDir>/packages/local/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/', '<rootDir>/test/repo/'],
      // The CDK app synthesized once for the run (test/infra/synth.ts), and the site built once.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
