import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lambdaNativeDir } from './native-modules.js';

const repoRoot = resolve(__dirname, '..', '..');
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

test('Lambda’s sharp (infra/lambda-native) is the version this machine’s tests run, in its package.json and its lock', () => {
  const tested = json(join(repoRoot, 'package-lock.json')).packages['node_modules/sharp'].version;
  const native = lambdaNativeDir(repoRoot);
  expect(json(join(native, 'package.json')).dependencies.sharp).toBe(tested);
  const lock = json(join(native, 'package-lock.json')).packages;
  expect(lock['node_modules/sharp'].version).toBe(tested);
  // The binaries of Lambda's platform are in the lock, so `npm ci --cpu=arm64` installs them.
  expect(lock['node_modules/@img/sharp-linux-arm64']).toMatchObject({ cpu: ['arm64'], os: ['linux'] });
});
