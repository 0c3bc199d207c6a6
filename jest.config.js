/** One jest for the whole tree: unit tests beside their code, cross-cutting suites in test/. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/functions', '<rootDir>/infra', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Browser tests need Chromium: their own run, `npm run test:browser` (test/browser/jest.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // middy and jose ship ESM only: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  modulePathIgnorePatterns: ['<rootDir>/infra/cdk.out', '<rootDir>/.data'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/test/support/env.ts'],
  testTimeout: 30000,
};
