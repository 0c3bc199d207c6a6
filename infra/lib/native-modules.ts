import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Native modules for Lambda's platform (linux-arm64, glibc), not this machine's: `infra/lambda-native`
 * holds a package.json and lock naming sharp, installed by `npm ci` for that platform (npm's `--os`,
 * `--cpu`, `--libc` pick sharp's optional `@img/sharp-linux-arm64` and `@img/sharp-libvips-linux-arm64`,
 * which are npm packages: nothing is downloaded from elsewhere). The root's postinstall runs it, so
 * a synth after `npm ci` needs no network; a checkout whose install predates it installs it on its
 * first synth (from npm's cache, or the registry). Decision 0021.
 */
const lambdaNativePlatform = { os: 'linux', cpu: 'arm64', libc: 'glibc' } as const;

/** The module a function group loads at run time from its bundle's `node_modules`, by group. */
export const nativeModulesOf: Readonly<Record<string, readonly string[]>> = {
  // sharp (libvips) is a native addon: esbuild cannot bundle it, Lambda needs its arm64 binaries.
  'gallery-processing': ['sharp'],
};

export const lambdaNativeDir = (repoRoot: string): string => join(repoRoot, 'infra', 'lambda-native');

const installArgs = [
  'ci',
  '--no-audit',
  '--no-fund',
  '--ignore-scripts',
  `--os=${lambdaNativePlatform.os}`,
  `--cpu=${lambdaNativePlatform.cpu}`,
  `--libc=${lambdaNativePlatform.libc}`,
];

/** The binary that proves the install is the Lambda platform's (sharp's loader requires it by this name). */
const platformBinary = (nodeModules: string): string =>
  join(nodeModules, '@img', `sharp-${lambdaNativePlatform.os}-${lambdaNativePlatform.cpu}`, 'package.json');

/**
 * `infra/lambda-native/node_modules`, installed if it is not: into a folder of its own first, then
 * moved in place, so two synths at once never see half an install.
 */
export function lambdaNativeModules(repoRoot: string): string {
  const dir = lambdaNativeDir(repoRoot);
  const nodeModules = join(dir, 'node_modules');
  if (existsSync(platformBinary(nodeModules))) return nodeModules;
  const scratch = mkdtempSync(join(dir, '.install-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(dir, file), join(scratch, file));
    execFileSync('npm', installArgs, { cwd: scratch, stdio: ['ignore', 'ignore', 'inherit'] });
    if (!existsSync(platformBinary(nodeModules))) {
      rmSync(nodeModules, { recursive: true, force: true });
      renameSync(join(scratch, 'node_modules'), nodeModules);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!existsSync(platformBinary(nodeModules))) throw new Error(`no ${platformBinary(nodeModules)} after npm ${installArgs.join(' ')}`);
  return nodeModules;
}
