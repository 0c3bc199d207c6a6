import { changeVersioned } from './versioned-change.js';
import type { Clock } from './ports.js';

/** A record written with optimistic concurrency: every write names the version it read. */
export interface VersionedRecord {
  status: string;
  content: unknown;
  updatedAt: string;
  version: number;
}

/**
 * `changeVersioned` for a resident's entry (posts, listings): a record that is deleted or erased
 * (no content) is not found either. Each context passes its store.
 */
export function mutateVersioned<R extends VersionedRecord>(
  deps: {
    get: () => Promise<R | undefined>;
    replace: (record: R, expectedVersion: number) => Promise<void>;
    clock: Clock;
    what: string;
  },
  change: (record: R, now: Date) => R,
): Promise<R> {
  return changeVersioned(
    {
      read: deps.get,
      write: deps.replace,
      clock: deps.clock,
      what: deps.what,
      gone: (record) => record.status === 'deleted' || !record.content,
    },
    change,
  );
}
