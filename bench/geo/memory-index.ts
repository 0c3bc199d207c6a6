/**
 * The geographic index in memory, sorted as DynamoDB sorts it (geohash, then post id), for
 * bench:geo's count-only runs: the search reads the same ranges with the same limits and meets the
 * same items, so items read and queries are those of the DynamoDB adapter, at sizes (1M posts and
 * more) that would take the embedded DynamoDB a quarter of an hour to load. No latency is measured.
 */
import {
  cellRuns,
  densityCellsOf,
  nearbyEntryOf,
  type Cell,
  type DensitySummaryReader,
  type SummaryReadResult,
  zOf,
  type IndexedEntry,
  type NearbyIndex,
  type PostRecord,
  type RangeRead,
  type RangeReadResult,
} from '@entraide/core';

export class SortedMemoryIndex implements NearbyIndex {
  private entries: IndexedEntry[] = [];
  /** The density summary of these entries, exact (as the adds of the write path keep it). */
  readonly counts = new Map<string, number>();

  add(posts: PostRecord[]): void {
    for (const post of posts) {
      if (post.status !== 'published' || !post.content) continue;
      const z = zOf(post.content.publicLocation);
      this.entries.push({ ...nearbyEntryOf(post), z });
      for (const cell of densityCellsOf(z)) this.counts.set(cellKey(cell), (this.counts.get(cellKey(cell)) ?? 0) + 1);
    }
    this.entries.sort((a, b) => a.z - b.z || (a.postId < b.postId ? -1 : a.postId > b.postId ? 1 : 0));
  }

  /** The first entry at or after geohash `z`. */
  private firstAt(z: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.entries[middle]!.z < z) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  async readRange(_tenantId: string, _filter: object, read: RangeRead): Promise<RangeReadResult> {
    const inRange = this.entries.slice(this.firstAt(read.range.lo), this.firstAt(read.range.hi + 1));
    const ordered = read.descending ? inRange.reverse() : inRange;
    const entries = read.limit ? ordered.slice(0, read.limit) : ordered;
    // As DynamoDB: a read that reaches its Limit says there may be more, even when there is not.
    return { entries, itemsRead: entries.length, queries: 1, complete: read.limit ? entries.length < read.limit : true };
  }
}

const cellKey = (cell: Cell) => `${cell.depth}/${cell.prefix}`;

/** The index's summary, each count passed through `skew` (exact by default), counted as one query per read. */
export function memorySummary(index: SortedMemoryIndex, skew: (count: number) => number = (count) => count): DensitySummaryReader {
  return {
    async counts(_tenantId: string, cells: Cell[]): Promise<SummaryReadResult> {
      const counts = cells.map((cell) => skew(index.counts.get(cellKey(cell)) ?? 0));
      // As the DynamoDB adapter reads them, without its cache: a query per run, every counted cell of the run read.
      const runs = cellRuns(cells);
      let itemsRead = 0;
      for (const run of runs) {
        for (let prefix = run.from; prefix <= run.to; prefix++) if (index.counts.has(cellKey({ depth: run.depth, prefix }))) itemsRead += 1;
      }
      return { counts, itemsRead, queries: runs.length };
    },
  };
}
