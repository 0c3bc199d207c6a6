import type { Cell } from '../geo/index.js';
import type { AlertRecord, AlertTarget, PendingMatch } from './alert-record.js';

/** Storage of a tenant's alerts. Implemented by the DynamoDB adapter and by test fakes. */
export interface AlertStore {
  /** Fails if an alert with that id exists. */
  insert(alert: AlertRecord): Promise<void>;
  get(tenantId: string, alertId: string): Promise<AlertRecord | undefined>;
  /** Writes the now active alert if its version is still `expectedVersion` (else ConcurrentUpdateError), then files it in the alert index. */
  activate(alert: AlertRecord, expectedVersion: number): Promise<void>;
  /**
   * Writes a changed alert (renewed, or its notice recorded) if its version is still
   * `expectedVersion` (else ConcurrentUpdateError), in the list by expiry at its `expiresAt`.
   */
  update(alert: AlertRecord, expectedVersion: number): Promise<void>;
  /** Active alerts whose `expiresAt` is at or before `until`, soonest first (a query of the list by expiry, never a scan). */
  expiringBy(tenantId: string, until: Date, limit: number): Promise<AlertRecord[]>;
  /** Erases the alert, its index entries and its pending matches. Idempotent. */
  remove(alert: AlertRecord): Promise<void>;
  /** Active alerts filed under one of these cells (no scan: one query per cell). */
  findByCells(tenantId: string, cells: Cell[]): Promise<AlertTarget[]>;
  /** Idempotent. */
  recordMatch(tenantId: string, alertId: string, match: PendingMatch): Promise<void>;
  /** The alerts that have matches waiting for a digest. */
  alertsWithPendingMatches(tenantId: string): Promise<string[]>;
  pendingMatches(tenantId: string, alertId: string): Promise<PendingMatch[]>;
  /** Removes the given matches once mailed; the alert leaves the waiting list if nothing new came in meanwhile. */
  clearMatches(tenantId: string, alertId: string, postIds: string[]): Promise<void>;
}
