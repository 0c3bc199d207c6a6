import type { Page } from '../shared/index.js';
import type { RecognitionStatus } from './health-worker-schemas.js';
import type { RecognitionRecord } from './recognition-record.js';

/** Storage of one tenant's recognitions of health workers: single-item conditional writes only. */
export interface RecognitionStore {
  get(tenantId: string, id: string): Promise<RecognitionRecord | undefined>;
  /** Writes it if none exists with its id, else throws ConcurrentUpdateError. */
  insert(record: RecognitionRecord): Promise<void>;
  /** Writes it if the stored version is still `expectedVersion`, else throws ConcurrentUpdateError. */
  replace(record: RecognitionRecord, expectedVersion: number): Promise<void>;
  /** Deletes it if the stored version is still `expectedVersion`, else throws ConcurrentUpdateError (none stored: nothing to do). */
  remove(tenantId: string, id: string, expectedVersion: number): Promise<void>;
  /** The tenant's recognitions of one status, oldest first; `cursor` is one this list gave. */
  list(tenantId: string, status: RecognitionStatus, page: { limit: number; cursor?: string }): Promise<Page<RecognitionRecord>>;
}
