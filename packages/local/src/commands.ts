import { spawn } from 'node:child_process';

/**
 * The operator's commands as `npm run onboard` and `npm run offboard` run them (`npx cdk …`, `aws …`)
 * from the repository's root: what they print shown, or captured for an AWS CLI query.
 */
export function commandRunner(repoRoot: string) {
  const run = (command: string, args: string[], capture: boolean): Promise<{ code: number; stdout: string }> =>
    new Promise((resolve) => {
      const child = spawn(command, args, { cwd: repoRoot, stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'] });
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.once('error', () => resolve({ code: 127, stdout }));
      child.once('exit', (code) => resolve({ code: code ?? 1, stdout }));
    });
  return {
    run: async (command: string, args: string[]) => (await run(command, args, false)).code,
    read: (command: string, args: string[]) => run(command, args, true),
  };
}
