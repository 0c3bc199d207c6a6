import { ConcurrentUpdateError, notFound } from './errors.js';
import type { Clock } from './ports.js';

/** A record written with optimistic concurrency: every write names the version it read. */
export interface VersionedRecord {
  status: string;
  content: unknown;
  updatedAt: string;
  version: number;
}

/** How many times a change is tried again after someone else wrote the record in between. */
const retriesOnConflict = 2;

/**
 * Reads a record, applies a change, writes it if nobody wrote in between (the version is the
 * condition), and tries again a few times if someone did. A record that is missing, deleted or
 * erased is not found (`what` names it). The one read-change-write of every resident's entry
 * (posts, listings): each context passes its store.
 */
export async function mutateVersioned<R extends VersionedRecord>(
  deps: {
    get: () => Promise<R | undefined>;
    replace: (record: R, expectedVersion: number) => Promise<void>;
    clock: Clock;
    what: string;
  },
  change: (record: R, now: Date) => R,
): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const record = await deps.get();
    if (!record || record.status === 'deleted' || !record.content) throw notFound(deps.what);
    const now = deps.clock.now();
    const changed = { ...change(record, now), updatedAt: now.toISOString(), version: record.version + 1 };
    try {
      await deps.replace(changed, record.version);
      return changed;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= retriesOnConflict) throw error;
    }
  }
}
