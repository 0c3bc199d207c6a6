import * as z from 'zod/mini';

/**
 * Reads the environment once at init: a missing variable stops the container, not a request.
 * On `zod/mini` (a shape may hold classic schemas too): the functions that need no other schema
 * load ~15 KB of zod at init instead of ~95.
 */
export function readEnv<Shape extends z.core.$ZodLooseShape>(shape: Shape, env: NodeJS.ProcessEnv = process.env) {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Bad environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${problemOf(issue, env)}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** zod/mini carries no messages (no locale loaded): say what is wrong from the issue itself. */
function problemOf(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  if (env[String(issue.path[0])] === undefined) return 'missing';
  if (issue.code === 'too_small') return `too short (at least ${String(issue.minimum)} characters)`;
  if (issue.code === 'invalid_format')
    return issue.format === 'regex' ? `does not match ${String(issue.pattern)}` : `not a ${issue.format}`;
  return issue.message === 'Invalid input' ? issue.code : issue.message;
}
