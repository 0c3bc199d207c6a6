import { ConcurrentUpdateError, notFound } from './errors.js';
import type { Clock } from './ports.js';

/** How many times a change is tried again after someone else wrote the record in between. */
const retriesOnConflict = 2;

/**
 * Reads a versioned record, applies a change, writes it if nobody wrote in between (the version is
 * the write's condition) and tries again a few times if someone did; a record `read` does not find
 * is a 404 naming `what`, as is one `gone` says is deleted. The one read-change-write loop: posts and
 * listings reach it through `mutateVersioned`, missions directly.
 */
export async function changeVersioned<T extends { version: number; updatedAt: string }>(
  access: {
    read: () => Promise<T | undefined>;
    write: (record: T, expectedVersion: number) => Promise<void>;
    clock: Clock;
    what: string;
    gone?: (record: T) => boolean;
  },
  change: (record: T, now: Date) => T,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const record = await access.read();
    if (!record || access.gone?.(record)) throw notFound(access.what);
    const now = access.clock.now();
    const changed = { ...change(record, now), updatedAt: now.toISOString(), version: record.version + 1 };
    try {
      await access.write(changed, record.version);
      return changed;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= retriesOnConflict) throw error;
    }
  }
}
