import { conditionalWrite } from './conditions.js';
import { DeleteCommand, GetCommand, PutCommand, type DocClient, type Item } from './doc-client.js';
import {
  ConcurrentUpdateError,
  listingZoneEntries,
  zoneLookup,
  type LatLon,
  type ListingRecord,
  type ListingStore,
  type Page,
  type ZoneCandidates,
  type ZoneEntries,
} from '@entraide/core';
import { listingKeys, purgeAtEpochSeconds, recordOf } from './keys.js';
import { listPage, type IndexList } from './list-page.js';
import { queryPages } from './query.js';

function toItem(listing: ListingRecord): Item {
  return {
    ...listing,
    ...listingKeys.listing(listing.tenantId, listing.id),
    ...listingKeys.statusIndex(listing),
    ...listingKeys.sectionIndex(listing),
    purgeAt: purgeAtEpochSeconds(listing),
  };
}

const toRecord = (item: Item): ListingRecord => recordOf<ListingRecord>(item);

/** The keys of a listing's zone index entries (`listingZoneEntries`), one item each. */
const entryKeys = (tenantId: string, listingId: string, entries: ZoneEntries) => [
  ...entries.cells.map((cell) => listingKeys.zoneCell(tenantId, cell, listingId)),
  ...entries.communes.map((code) => listingKeys.zoneCommune(tenantId, code, listingId)),
];

/** The public list a page reads: every public listing (gsi1), or a section's (gsi2). */
function publicList(tenantId: string, section: string | undefined): IndexList {
  return section
    ? { index: 'gsi2', pkName: 'gsi2pk', skName: 'gsi2sk', pk: listingKeys.sectionList(tenantId, section) }
    : { index: 'gsi1', pkName: 'gsi1pk', skName: 'gsi1sk', pk: listingKeys.list(tenantId, 'LISTINGS') };
}

/**
 * The directory's store on a tenant's table, with conditional single-item writes only.
 *
 * The record decides; the zone index only finds candidates. A write puts the record (conditional on
 * the version read), then the entries its zone should have, then deletes those of the previous
 * version it no longer has. A failure after the record leaves entries missing (the mailed link,
 * opened again, and the next write put them back: `reindex`) or stale (every read checks the record
 * and deletes an entry the record no longer justifies): never a wrong answer, at worst a listing
 * missing from the searches until the repair.
 */
export class DynamoListingStore implements ListingStore {
  constructor(
    private readonly client: DocClient,
    private readonly tableName: string,
  ) {}

  async insert(listing: ListingRecord): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: toItem(listing), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    await this.putEntries(listing);
  }

  async get(tenantId: string, listingId: string): Promise<ListingRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: listingKeys.listing(tenantId, listingId), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async replace(listing: ListingRecord, previous: ListingRecord): Promise<void> {
    const written = await conditionalWrite(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(listing),
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': previous.version },
        }),
      ),
    );
    if (!written) throw new ConcurrentUpdateError();
    await this.putEntries(listing);
    const wanted = new Set(entryKeys(listing.tenantId, listing.id, listingZoneEntries(listing)).map((key) => key.pk));
    const stale = entryKeys(previous.tenantId, previous.id, listingZoneEntries(previous)).filter((key) => !wanted.has(key.pk));
    await Promise.all(stale.map((key) => this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }))));
  }

  async reindex(listing: ListingRecord): Promise<void> {
    await this.putEntries(listing);
  }

  private async putEntries(listing: ListingRecord): Promise<void> {
    const keys = entryKeys(listing.tenantId, listing.id, listingZoneEntries(listing));
    await Promise.all(
      keys.map((key) => this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...key, listingId: listing.id } }))),
    );
  }

  async listPublished(
    tenantId: string,
    query: { limit: number; cursor?: string; section?: string; now: Date },
  ): Promise<Page<ListingRecord>> {
    const { items, nextCursor } = await listPage(this.client, this.tableName, tenantId, publicList(tenantId, query.section), query);
    return { items: items.map(toRecord), nextCursor };
  }

  async listForModeration(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<ListingRecord>> {
    const list = { index: 'gsi1', pkName: 'gsi1pk', skName: 'gsi1sk', pk: listingKeys.list(tenantId, 'LISTING_MODERATION') };
    const { items, nextCursor } = await listPage(this.client, this.tableName, tenantId, list, { ...query, oldestFirst: true });
    return { items: items.map(toRecord), nextCursor };
  }

  /**
   * One query per partition the point looks up (5 cells, and its commune if given), then one read
   * of each listing met. An entry its record no longer justifies (a failed write's leftover) is
   * deleted as it is met.
   */
  async zoneCandidates(tenantId: string, point: LatLon, commune: string | undefined): Promise<ZoneCandidates> {
    const lookup = zoneLookup(point, commune);
    const partitions = [
      ...lookup.cells.map((cell) => listingKeys.zoneCellPartition(tenantId, cell)),
      ...lookup.communes.map((code) => listingKeys.zoneCommunePartition(tenantId, code)),
    ];
    const runs = await Promise.all(
      partitions.map((pk) =>
        queryPages(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      ),
    );
    const entries = runs.flatMap((run) => run.items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
    const ids = [...new Set(entries.map((entry) => entry.sk))];
    const records = await Promise.all(ids.map((id) => this.get(tenantId, id)));
    const byId = new Map(records.filter((record) => record !== undefined).map((record) => [record.id, record]));
    const stale = entries.filter((entry) => {
      const record = byId.get(entry.sk);
      return !record || !entryKeys(tenantId, record.id, listingZoneEntries(record)).some((key) => key.pk === entry.pk);
    });
    await Promise.all(stale.map((key) => this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }))));
    const justified = new Set(entries.filter((entry) => !stale.includes(entry)).map((entry) => entry.sk));
    return {
      listings: [...byId.values()].filter((record) => justified.has(record.id)),
      queries: runs.reduce((sum, run) => sum + run.queries, 0),
      itemsRead: runs.reduce((sum, run) => sum + run.itemsRead, 0) + ids.length,
    };
  }
}
