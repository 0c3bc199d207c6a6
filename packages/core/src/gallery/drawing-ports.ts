import type { Page } from '../shared/index.js';
import type { DrawingProcessingResult } from './drawing-processing.js';
import type { DrawingRecord } from './drawing-record.js';

/**
 * The processing step as a drawing's verification reaches it: the tenant's processing function in
 * AWS (sharp is native and heavy: not in the public API's bundle), the same code in process locally
 * (`inProcessDrawingProcessor`). `imageSecret` names the images' folder, chosen by the caller
 * before the run, so a run whose answer was lost is found again by the next.
 */
export interface DrawingUploadProcessor {
  process(request: { tenantId: string; uploadId: string; imageSecret: string }): Promise<DrawingProcessingResult>;
}

/** Storage of one tenant's drawings. Implemented by the DynamoDB adapter and by test fakes. */
export interface DrawingStore {
  /** Fails if a drawing with that id exists. */
  insert(drawing: DrawingRecord): Promise<void>;
  get(tenantId: string, drawingId: string): Promise<DrawingRecord | undefined>;
  /** Writes `drawing` if the stored version is still `expectedVersion` (else ConcurrentUpdateError). */
  replace(drawing: DrawingRecord, expectedVersion: number): Promise<void>;
  /** Published drawings, newest first (by publication), of one section if asked. */
  listPublished(tenantId: string, query: { limit: number; cursor?: string; section?: string }): Promise<Page<DrawingRecord>>;
  /** Drawings awaiting staff (`pending_moderation`, `hidden`), oldest first. */
  listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<DrawingRecord>>;
}
