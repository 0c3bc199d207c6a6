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
    /** The context's store of these records, by tenant and id; `replace` writes if the version is still the one read. */
    store: { get(tenantId: string, id: string): Promise<R | undefined>; replace(record: R, expectedVersion: number): Promise<void> };
    tenantId: string;
    id: string;
    clock: Clock;
    what: string;
  },
  change: (record: R, now: Date) => R,
): Promise<R> {
  return changeVersioned(
    {
      read: () => deps.store.get(deps.tenantId, deps.id),
      write: (record, expectedVersion) => deps.store.replace(record, expectedVersion),
      clock: deps.clock,
      what: deps.what,
      gone: (record) => record.status === 'deleted' || !record.content,
    },
    change,
  );
}
