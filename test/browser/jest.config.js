/** The browser tests: their own run (`npm run test:browser`), real Chromium, one file at a time. */
import { baseProject } from '../../jest.config.js';

export default {
  ...baseProject,
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
  // A whole page tour under axe at one width takes about a minute on a busy 2-core machine.
  testTimeout: 300000,
};
