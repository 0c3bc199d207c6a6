import type { Context } from 'aws-lambda';

type Handler<Event, Result> = (event: Event, context: Context) => Promise<Result>;

/**
 * A Lambda handler whose code and dependencies are loaded on its first invocation, not at import:
 * `build` runs once per container (concurrent first invocations share it) and imports what the
 * handler needs with `import()`, which esbuild puts in chunks of their own (infra/lib/bundling.ts).
 * The import (Lambda's init) then reads only this file; the first request pays for the code it
 * runs, and no request pays for code it does not run (docs/performance.md, cold starts).
 *
 * A `build` that fails (a missing or bad variable: `Bad environment: …`) fails every invocation
 * of the container with the same error, in Lambda's log: nothing is served half-configured.
 */
export function builtOnFirstInvocation<Event, Result>(build: () => Promise<Handler<Event, Result>>): Handler<Event, Result> {
  let built: Promise<Handler<Event, Result>> | undefined;
  return async (event, context) => {
    built ??= build();
    return (await built)(event, context);
  };
}
