import type { FunctionGroup, OperationName } from '../routes.js';
import type { Operation, Operations } from './http.js';

/**
 * A module of operations loaded on first use: `import('./posts.js')` and the factory it exports,
 * which builds its operations (and their services) from the group's dependencies.
 */
export type OperationModule<Deps, Names extends string> = () => Promise<(deps: Deps) => Record<Names, Operation>>;

/**
 * A group's operations, each loaded from its module on its first request: a request runs only
 * its own context's code (its schemas, its services), esbuild having put each module in a chunk
 * of its own (`import()`). A module is loaded and its factory run once, whichever of its
 * operations comes first; `modules` names, for every operation of the route table, the module
 * that provides it (TypeScript checks it does).
 */
export function operationsOnFirstUse<Group extends FunctionGroup, Deps>(
  deps: Deps,
  modules: { [Name in OperationName<Group>]: OperationModule<Deps, Name> },
): Operations<Group> {
  const loaded = new Map<OperationModule<Deps, string>, Promise<Record<string, Operation>>>();
  const load = (module: OperationModule<Deps, string>) => {
    let operations = loaded.get(module);
    if (!operations) {
      operations = module().then((factory) => factory(deps));
      // A module that failed to load (a broken deployment) is tried again on the next request.
      operations.catch(() => loaded.delete(module));
      loaded.set(module, operations);
    }
    return operations;
  };
  return Object.fromEntries(
    Object.entries<OperationModule<Deps, string>>(modules).map(([name, module]) => [
      name,
      (async (request) => (await load(module))[name]!(request)) satisfies Operation,
    ]),
  ) as Operations<Group>;
}
