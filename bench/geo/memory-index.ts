/**
 * The geographic index in memory, sorted as DynamoDB sorts it (key on the curve, then post id), for
 * bench:geo's count-only runs: the search reads the same ranges with the same limits and meets the
 * same items, so items read and queries are those of the DynamoDB adapter, at sizes (1M posts and
 * more) that would take the embedded DynamoDB a quarter of an hour to load. No latency is measured.
 */
import {
  nearbyEntryOf,
  curveIndexOf,
  type IndexedEntry,
  type NearbyIndex,
  type PostRecord,
  type RangeRead,
  type RangeReadResult,
} from '@entraide/core';

export class SortedMemoryIndex implements NearbyIndex {
  private entries: IndexedEntry[] = [];

  add(posts: PostRecord[]): void {
    for (const post of posts) {
      if (post.status !== 'published' || !post.content) continue;
      this.entries.push({ ...nearbyEntryOf(post), curveIndex: curveIndexOf(post.content.publicLocation) });
    }
    this.entries.sort((a, b) => a.curveIndex - b.curveIndex || (a.postId < b.postId ? -1 : a.postId > b.postId ? 1 : 0));
  }

  /** The first entry at or after curve index `index`. */
  private firstAt(index: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.entries[middle]!.curveIndex < index) low = middle + 1;
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
