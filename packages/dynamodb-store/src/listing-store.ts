import { conditionalWrite } from './conditions.js';
import { DeleteCommand, GetCommand, PutCommand, type DocClient, type Item } from './doc-client.js';
import {
  ConcurrentUpdateError,
  listingZoneEntries,
  listingZoneEntry,
  zoneEntryPlaces,
  zoneLookup,
  type LatLon,
  type ListingRecord,
  type ListingStore,
  type Page,
  type ZoneEntries,
  type ZoneEntry,
  type ZoneHits,
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
 * The record decides; the zone index finds and orders candidates. Each entry carries its listing's
 * `ZoneEntry` (point, radius, communes, section, categories, expiry, version), so a search reads
 * entries and then only its page's records. A write puts the record (conditional on the version
 * read), then every entry its zone should have (rewritten with the new version's data), then deletes
 * those of the previous version it no longer has. A failure after the record leaves entries missing
 * (the mailed link, opened again, and the next write put them back: `reindex`) or stale (a page's
 * record of another version than its entry is judged by the record, and `settleZoneEntries` writes
 * its entries again): a listing is never shown against its record; until the repair, one may be
 * missing, or placed by its previous point.
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
    const entry = listingZoneEntry(listing);
    if (!entry) return;
    const keys = entryKeys(listing.tenantId, listing.id, zoneEntryPlaces(entry));
    await Promise.all(keys.map((key) => this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...key, ...entry } }))));
  }

  async settleZoneEntries(tenantId: string, met: ZoneEntry, record: ListingRecord | undefined): Promise<void> {
    if (record) await this.putEntries(record);
    const wanted = new Set(record ? entryKeys(tenantId, record.id, listingZoneEntries(record)).map((key) => key.pk) : []);
    const stale = entryKeys(tenantId, met.listingId, zoneEntryPlaces(met)).filter((key) => !wanted.has(key.pk));
    await Promise.all(stale.map((key) => this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }))));
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
   * One query per partition the point looks up (5 cells, and its commune if given). An entry of the
   * format before entries carried their listing's data (no `version`) is read from its record: its
   * entries are written again, and it is deleted if the record no longer justifies it.
   */
  async zoneEntries(tenantId: string, point: LatLon, commune: string | undefined): Promise<ZoneHits> {
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
    const items = runs.flatMap((run) => run.items);
    const entries = items.filter((item) => item.version !== undefined).map((item) => recordOf<ZoneEntry>(item));
    const legacy = items.filter((item) => item.version === undefined).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
    const upgraded = await Promise.all(legacy.map((key) => this.upgradeEntry(tenantId, key)));
    return {
      entries: [...entries, ...upgraded.filter((entry) => entry !== undefined)],
      queries: runs.reduce((sum, run) => sum + run.queries, 0),
      itemsRead: runs.reduce((sum, run) => sum + run.itemsRead, 0) + legacy.length,
    };
  }

  /** An entry without its listing's data: the record's entries written again, this one deleted unless they include it. */
  private async upgradeEntry(tenantId: string, key: { pk: string; sk: string }): Promise<ZoneEntry | undefined> {
    const record = await this.get(tenantId, key.sk);
    const entry = record ? listingZoneEntry(record) : undefined;
    if (record) await this.putEntries(record);
    if (entry && entryKeys(tenantId, key.sk, zoneEntryPlaces(entry)).some((wanted) => wanted.pk === key.pk)) return entry;
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
    return undefined;
  }
}
