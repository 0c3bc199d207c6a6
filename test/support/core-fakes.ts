/**
 * In-memory implementations of the geographic ports, for unit tests only (index.ts does not export
 * this file, so no bundle carries it). The DynamoDB adapters are tested against the embedded server.
 */
import { alertCells, type AlertRecord, type AlertStore, type AlertTarget, type PendingMatch } from '@entraide/core';
import { cellRange, zOf, type Cell } from '@entraide/core';
import type { IndexedEntry, NearbyFilter, NearbyIndex, RangeRead, RangeReadResult } from '@entraide/core';
import type { PostRecord } from '@entraide/core';

/** The index as the DynamoDB adapter keeps it: entries of published posts, sorted by geohash then id. */
export class MemoryNearbyIndex implements NearbyIndex {
  private entries: (IndexedEntry & { tenantId: string })[] = [];

  constructor(posts: PostRecord[] = []) {
    for (const post of posts) this.write(post);
  }

  /** Puts a post's entry as it is now (removes it when the post is not published). */
  write(post: PostRecord): void {
    this.entries = this.entries.filter((entry) => !(entry.tenantId === post.tenantId && entry.postId === post.id));
    if (post.status !== 'published' || !post.content) return;
    this.entries.push({
      tenantId: post.tenantId,
      postId: post.id,
      kind: post.kind,
      category: post.category,
      title: post.content.title,
      description: post.content.description,
      authorName: post.content.author.name,
      location: post.content.publicLocation,
      createdAt: post.publishedAt ?? post.createdAt,
      expiresAt: post.expiresAt,
      z: zOf(post.content.publicLocation),
    });
    this.entries.sort((a, b) => a.z - b.z || (a.postId < b.postId ? -1 : 1));
  }

  async readRange(tenantId: string, filter: NearbyFilter, read: RangeRead): Promise<RangeReadResult> {
    let first = 0;
    for (let step = this.entries.length; step > 0; step = Math.floor(step / 2)) {
      while (first + step <= this.entries.length && this.entries[first + step - 1]!.z < read.range.lo) first += step;
    }
    let end = first;
    while (end < this.entries.length && this.entries[end]!.z <= read.range.hi) end++;
    const inRange = this.entries.slice(first, end).filter(
      (entry) =>
        entry.tenantId === tenantId &&
        entry.z >= read.range.lo &&
        entry.z <= read.range.hi &&
        (!filter.category || entry.category === filter.category) &&
        (!filter.kind || entry.kind === filter.kind),
    );
    const ordered = read.descending ? inRange.reverse() : inRange;
    const taken = read.limit ? ordered.slice(0, read.limit) : ordered;
    const entries = taken.map(({ tenantId: _tenantId, ...entry }) => structuredClone(entry));
    return { entries, itemsRead: entries.length, queries: 1, complete: taken.length === ordered.length };
  }
}

/** Alerts in memory, with the same cell index as the DynamoDB adapter. */
export class MemoryAlertStore implements AlertStore {
  readonly alerts = new Map<string, AlertRecord>();
  readonly cells = new Map<string, Set<string>>();
  readonly matches = new Map<string, Map<string, PendingMatch>>();
  readonly cellQueries: Cell[][] = [];

  private cellKey = (tenantId: string, cell: Cell) => `${tenantId}/${cell.depth}/${cellRange(cell).lo}`;

  async insert(alert: AlertRecord): Promise<void> {
    if (this.alerts.has(alert.id)) throw new Error('exists');
    this.alerts.set(alert.id, structuredClone(alert));
  }
  async get(tenantId: string, alertId: string): Promise<AlertRecord | undefined> {
    const alert = this.alerts.get(alertId);
    return alert?.tenantId === tenantId ? structuredClone(alert) : undefined;
  }
  async activate(alert: AlertRecord): Promise<void> {
    for (const cell of alertCells(alert.near, alert.radiusKm)) {
      const key = this.cellKey(alert.tenantId, cell);
      this.cells.set(key, new Set([...(this.cells.get(key) ?? []), alert.id]));
    }
    this.alerts.set(alert.id, structuredClone(alert));
  }
  async remove(alert: AlertRecord): Promise<void> {
    for (const ids of this.cells.values()) ids.delete(alert.id);
    this.matches.delete(alert.id);
    this.alerts.delete(alert.id);
  }
  async findByCells(tenantId: string, cells: Cell[]): Promise<AlertTarget[]> {
    this.cellQueries.push(cells);
    const ids = new Set(cells.flatMap((cell) => [...(this.cells.get(this.cellKey(tenantId, cell)) ?? [])]));
    return [...ids].map((id) => this.alerts.get(id)!).map(({ id, near, radiusKm, category, kind }) => ({ id, near, radiusKm, ...(category ? { category } : {}), ...(kind ? { kind } : {}) }));
  }
  async recordMatch(_tenantId: string, alertId: string, match: PendingMatch): Promise<void> {
    const matches = this.matches.get(alertId) ?? new Map<string, PendingMatch>();
    matches.set(match.postId, match);
    this.matches.set(alertId, matches);
  }
  async alertsWithPendingMatches(): Promise<string[]> {
    return [...this.matches.entries()].filter(([, matches]) => matches.size > 0).map(([id]) => id);
  }
  async pendingMatches(_tenantId: string, alertId: string): Promise<PendingMatch[]> {
    return [...(this.matches.get(alertId)?.values() ?? [])];
  }
  async clearMatches(_tenantId: string, alertId: string, postIds: string[]): Promise<void> {
    for (const postId of postIds) this.matches.get(alertId)?.delete(postId);
  }
}
