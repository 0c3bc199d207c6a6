import {
  addressKey,
  hashSecret,
  partitionKey,
  partitionOf,
  retentionAfterExpiryDays,
  curveKey,
  densityDepth,
  type Cell,
  type ListingRecord,
  type DrawingRecord,
  type NearbyFilter,
  type PostRecord,
  type CurveRange,
} from '@entraide/core';
import { tableDefinition } from './table-definition.js';

/**
 * Every key of a tenant's table, and only here: the item keys (`pk`, `sk`) of each family and the
 * keys of its two indexes (`gsi1pk`/`gsi1sk`, `gsi2pk`/`gsi2sk`, table-definition.ts). The strings
 * are stored: changing one orphans the items already written, so keys.test.ts pins each exactly.
 *
 * Every partition key, of the table and of the indexes, is `T#<tenant>#<FAMILY>` or
 * `T#<tenant>#<FAMILY>#<…>`. A tenant id is a slug and a family tag has no `#`, so the first two
 * segments always name the tenant and the family: no tenant, post or other id can reach the items
 * of another tenant or of another family. A sort key is only compared within its partition.
 *
 * The families, partition key after `T#<tenant>#` / sort key: what reads them.
 * - post: `POST#<postId>` / `POST`: get by id; put conditional on the version read.
 * - published list (gsi1): `PUBLISHED` / `<publishedAt>#<postId>`: a page of the newest.
 * - status lists (gsi1): `MODERATION`, `STATUS#<status>` / `<createdAt>#<postId>`: the staff queue
 *   (oldest first), the posts created in a period.
 * - section list (gsi2): `SECTION#<section>` / `<publishedAt>#<postId>`: a page of a section's newest.
 * - posts by expiry: `POSTS_EXPIRING` / `<expiresAt>#<postId>`: the published posts expiring in a
 *   period, soonest first (the "still needed?" job).
 * - nearby entries: `NEAR#H#<category|*>#<kind|*>#<partition>` / `<key on the curve>#<postId>`: a
 *   range of the curve in one partition (`H`: see `geoCurveTag`).
 * - density summary: `DENSITY#H` / `<cell of depth 24>`: one item per cell of about 6.5 × 5 km,
 *   the posts counted in each of its cells of core's `densityDepth` as attributes `c<cell>` (ADD ±1);
 *   the whole summary in one query.
 * - alert and its matches: `ALERT#<alertId>` / `ALERT`, `MATCH#<postId>`: get; the matches of a
 *   digest by sort-key prefix.
 * - alert index: `ALERTCELL#H#<depth>#<cell>` / `<alertId>`: the alerts filed under a cell.
 * - pending digests: `ALERTDIGEST` / `<alertId>`: the alerts with matches to mail.
 * - alerts by expiry: gsi1 `ALERTS_EXPIRING` / `<expiresAt>#<alertId>` on the alert's item.
 * - a post's relay and mail flags: `CONV#<postId>` / `R#<residentKey>` (a conversation),
 *   `FOLLOWUP`, `FLAG#REPORT#<residentKey>#<party>`, `FLAG#UNDELIVERABLE`: get by key.
 * - follow-ups due (gsi1): `FOLLOWUP_DUE` / `<dueAt>#<postId>`: those due by now.
 * - reported conversations (gsi1): `FLAGGED_CONVERSATIONS` / `<at>#<postId>#<residentKey>`: staff's
 *   list of reports, newest first; closing the conversation takes its reports off.
 * - undeliverable authors (gsi1): `FLAGGED_MAIL` / `<at>#<postId>`: for staff, by time (written; no
 *   store reads it yet).
 * - alias: `ALIAS#<token>` / `ALIAS`: get by token (the relay's address).
 * - sent mail: `MAIL#<hash of the mail id>` / `SENT`: conditional claim of a send.
 * - suppressed address: `SUPPRESSED#<address key>` / `SUPPRESSED`: get by address.
 * - counters: `STATS` / `DAY#<YYYY-MM-DD>`, `DIGEST`: a period's days in one query; get.
 * - rate window: `RATE#<subject key>` / `W#<seconds>#<window start>`: conditional ADD.
 * - login link: `LOGIN#<token hash>` / `LOGIN`: conditional delete (single use).
 * - staff session: `STAFF` / `SESSION_SECRET`: conditional put, then get.
 * - staff team: `STAFF` / `TEAM`: get on every staff request; put conditional on its version.
 * - campaign: `CAMPAIGN#<campaignId>` / `COUNTERS` (the stock, the figures, the pending events:
 *   conditional ADD), `EVENT#<at>#<eventId>` (deliveries into the stock).
 * - volunteer: `VOLUNTEER#<campaignId>#<volunteerId>` / `VOLUNTEER` (get, put on its status),
 *   `EVENT#<at>#<eventId>` (their hand-outs, returns, declarations: a query by prefix).
 * - campaign's events (gsi1): `CAMPAIGN_EVENTS#<campaignId>` / `<at>#<eventId>`: every event, by time.
 * - campaign's volunteers (gsi1): `VOLUNTEERS#<campaignId>` / `<createdAt>#<volunteerId>`: in sign-up order.
 * - mission and its shifts' ledgers: `MISSION#<missionId>` / `MISSION`, `SHIFT#<shiftId>`: get; a
 *   ledger's conditional ADD (places taken, never more than its places).
 * - shifts by start (gsi1): `SHIFTS_BY_START` / `<start>#<missionId>#<shiftId>`: the shifts of a day.
 * - sign-up: `SIGNUP#<signUpId>` / `SIGNUP`: get by id; put conditional on the version read.
 * - a shift's sign-ups (gsi1): `SHIFT_SIGNUPS#<missionId>#<shiftId>` / `<createdAt>#<signUpId>`.
 * - listing: `LISTING#<listingId>` / `LISTING`: get by id; put conditional on the version read.
 * - listing lists (gsi1): `LISTINGS` / `<publishedAt>#<listingId>` (public: published, not paused),
 *   `LISTING_MODERATION`, `LISTING_STATUS#<status|paused>` / `<createdAt>#<listingId>`.
 * - a section's listings (gsi2): `LISTING_SECTION#<section>` / `<publishedAt>#<listingId>`.
 * - delivery-zone index: `LISTINGZONE#H#<depth>#<cell>`, `LISTINGCOMMUNE#<code>` / `<listingId>`: the
 *   listings whose disc or communes may hold a point.
 * - missions by status (gsi1): `MISSIONS#<status>` / `<createdAt>#<missionId>`: staff's lists.
 * - wish: `WISH#<wishId>` / `WISH`: get by id; put conditional on the version read.
 * - wishes by status (gsi1): `WISHES#<status>` / `<createdAt>#<wishId>`: staff's list, oldest first.
 * - orientation: `ORIENTATION#<orientationId>` / `ORIENTATION`: get; the followed suggestions by a conditional ADD.
 * - drawing: `DRAWING#<drawingId>` / `DRAWING`: get by id; put conditional on the version read.
 * - drawing lists (gsi1): `DRAWINGS` / `<publishedAt>#<drawingId>` (published), `DRAWING_MODERATION`,
 *   `DRAWING_STATUS#<status>` / `<createdAt>#<drawingId>`.
 * - a section's published drawings (gsi2): `DRAWING_SECTION#<section>` / `<publishedAt>#<drawingId>`.
 * - health worker's recognition: `HEALTH_WORKER#<address key>` / `RECOGNITION`: get by id (from the
 *   address alone, for the relay); put conditional on the version read (or on none).
 * - recognitions by status (gsi1): `RECOGNITIONS#<status>` / `<createdAt>#<id>`: staff's list, oldest first.
 */

/** Every key of a tenant's items starts with this, so a pooled table can lock a tenant to its keys. */
export const tenantKeyPrefix = (tenantId: string): string => `T#${tenantId}#`;

/** The attributes the table adds to a record: its keys, its indexes' keys and the purge time (table-definition.ts). */
export const tableAttributes: readonly string[] = [
  tableDefinition.partitionKey.name,
  tableDefinition.sortKey.name,
  ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey.name, index.sortKey.name]),
  tableDefinition.timeToLiveAttribute,
];

/** The record an item holds: the item without the table's attributes. */
export function recordOf<T>(item: Record<string, unknown>): T {
  const record = { ...item };
  for (const attribute of tableAttributes) delete record[attribute];
  return record as T;
}

// ————— Posts —————

/** A post: one item, read and written by id (conditional puts on its version). */
export const postKeys = (tenantId: string, postId: string) => ({
  pk: `${tenantKeyPrefix(tenantId)}POST#${postId}`,
  sk: 'POST',
});

/** gsi1: a tenant's published posts, sorted by publication time then id (ties broken stably). */
export const publishedListKey = (tenantId: string): string => `${tenantKeyPrefix(tenantId)}PUBLISHED`;
export const publishedIndexKeys = (post: Pick<PostRecord, 'tenantId' | 'id' | 'publishedAt' | 'createdAt'>) => ({
  gsi1pk: publishedListKey(post.tenantId),
  gsi1sk: `${post.publishedAt || post.createdAt}#${post.id}`,
});

/** gsi2: a tenant's published posts of one section, in gsi1's order (only a published post with a section has them). */
export const sectionListKey = (tenantId: string, section: string): string => `${tenantKeyPrefix(tenantId)}SECTION#${section}`;
export const sectionIndexKeys = (post: Pick<PostRecord, 'tenantId' | 'id' | 'status' | 'section' | 'publishedAt' | 'createdAt'>) =>
  post.status === 'published' && post.section
    ? { gsi2pk: sectionListKey(post.tenantId, post.section), gsi2sk: publishedIndexKeys(post).gsi1sk }
    : {};

/**
 * gsi1 for every other status, so staff lists are queries: `MODERATION` holds what awaits a staff
 * decision (pending_moderation, hidden), oldest first; each remaining status its own list. Sorted by
 * creation time then id.
 */
export const statusListName = (status: PostRecord['status']): string =>
  status === 'published' ? 'PUBLISHED' : status === 'pending_moderation' || status === 'hidden' ? 'MODERATION' : `STATUS#${status}`;

/** The gsi1 partition of a status list, by its name (`statusListName`, `allStatusLists`). */
export const statusListKey = (tenantId: string, list: string): string => `${tenantKeyPrefix(tenantId)}${list}`;

export const statusIndexKeys = (post: Pick<PostRecord, 'tenantId' | 'id' | 'status' | 'publishedAt' | 'createdAt'>) =>
  post.status === 'published'
    ? publishedIndexKeys(post)
    : { gsi1pk: statusListKey(post.tenantId, statusListName(post.status)), gsi1sk: `${post.createdAt}#${post.id}` };

/** Every status list, to read a tenant's posts of a period without a scan. */
export const allStatusLists: string[] = [
  'PUBLISHED',
  'MODERATION',
  ...(['pending_verification', 'rejected', 'closed', 'deleted'] as const).map(statusListName),
];

/** Personal data has an end: DynamoDB may drop a post `retentionAfterExpiryDays` (core's) after it expires. */
export const purgeAtEpochSeconds = (post: Pick<PostRecord, 'expiresAt'>): number =>
  Math.floor(Date.parse(post.expiresAt) / 1000) + retentionAfterExpiryDays * 24 * 60 * 60;

/**
 * A published post's entry by expiry (`POSTS_EXPIRING` / `<expiresAt>#<postId>`): the "still needed?"
 * job reads the posts that expire within its days, soonest first, however many the tenant has.
 */
export const expiringListKey = (tenantId: string): string => `${tenantKeyPrefix(tenantId)}POSTS_EXPIRING`;
export const expiringEntryKeys = (post: Pick<PostRecord, 'tenantId' | 'id' | 'expiresAt'>) => ({
  pk: expiringListKey(post.tenantId),
  sk: `${post.expiresAt}#${post.id}`,
});
/** The sort keys of the entries of posts expiring from `from` to `to` (ISO instants, both included). */
export const expiringSortRange = (from: string, to: string) => ({ from: `${from}#`, to: `${to}#~` });

// ————— The geographic index —————

/**
 * The curve that numbers the cells and points in every family keyed by place (`NEAR`,
 * `MISSIONS_NEAR`, `ALERTCELL`, `LISTINGZONE`): `H`, geo's Hilbert curve (decision 0027). Those
 * families' entries written on the geohash's Z-order, before it, carry no tag, so no read meets
 * them; `npm run reindex` writes every entry again on the curve and deletes the untagged ones.
 */
export const geoCurveTag = 'H';
/** The families keyed by place, each followed by `#` and the curve's tag (reindex looks for entries without it). */
export const geoKeyedFamilies = ['NEAR', 'ALERTCELL', 'LISTINGZONE'] as const;

/**
 * A published post's entries: one per filter a search can ask for (`*` for none), in the partition
 * cell of its public point, sorted by the point's key on the curve. A search reads any cell as one
 * key range of one partition (`nearbySortRange`).
 */
export const nearbyPartitionKey = (tenantId: string, filter: NearbyFilter, partition: number): string =>
  `${tenantKeyPrefix(tenantId)}NEAR#${geoCurveTag}#${filter.category ?? '*'}#${filter.kind ?? '*'}#${partitionKey(partition)}`;

export const nearbySortKey = (index: number, postId: string): string => `${curveKey(index)}#${postId}`;

/** The sort keys of a range of the curve, both ends included: `$` sorts right after the `#` that follows the key. */
export const nearbySortRange = (range: CurveRange) => ({ from: curveKey(range.lo), to: `${curveKey(range.hi)}$` });

/**
 * The density summary (core's density.ts): the counts of a tenant's cells of `densityDepth` held by
 * the item of the cell of depth `densityItemDepth` that contains them, one attribute per cell named
 * `c` + the 10 bits that follow, in 3 hex digits (at most 1,024 small attributes an item), so that a
 * count is one `ADD` and the whole summary one query of a few dozen items.
 */
const densityItemDepth = 24;
const densitySuffixBits = densityDepth - densityItemDepth;
export const densityPartitionKey = (tenantId: string): string => `${tenantKeyPrefix(tenantId)}DENSITY#${geoCurveTag}`;
/** The item and the attribute that hold the count of a cell of `densityDepth`. */
export function densityKeys(tenantId: string, cell: number): { key: { pk: string; sk: string }; attribute: string } {
  const itemCell = Math.floor(cell / 2 ** densitySuffixBits);
  return {
    key: { pk: densityPartitionKey(tenantId), sk: itemCell.toString(16).padStart(6, '0') },
    attribute: `c${(cell - itemCell * 2 ** densitySuffixBits).toString(16).padStart(3, '0')}`,
  };
}
/** The cell of `densityDepth` whose count an attribute of a summary item holds; undefined for any other attribute. */
export function densityCellOfAttribute(sk: string, attribute: string): number | undefined {
  if (!/^c[0-9a-f]{3}$/.test(attribute) || !/^[0-9a-f]{6}$/.test(sk)) return undefined;
  return parseInt(sk, 16) * 2 ** densitySuffixBits + parseInt(attribute.slice(1), 16);
}

// ————— Alerts —————

/** An alert and its pending matches share a partition: one query reads what a digest needs. */
export const alertKeys = (tenantId: string, alertId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}ALERT#${alertId}`, sk: 'ALERT' });
export const alertMatchPrefix = 'MATCH#';
export const alertMatchKeys = (tenantId: string, alertId: string, postId: string) => ({
  pk: alertKeys(tenantId, alertId).pk,
  sk: `${alertMatchPrefix}${postId}`,
});

/**
 * Active alerts by expiry, on the alert's own item (gsi1 `ALERTS_EXPIRING` / `<expiresAt>#<alertId>`):
 * the daily job reads those ending within its notice days, soonest first; a renewal moves it in the same write.
 */
export const alertExpiringIndex = (tenantId: string, expiresAt: string, alertId: string) => ({
  gsi1pk: `${tenantKeyPrefix(tenantId)}ALERTS_EXPIRING`,
  gsi1sk: `${expiresAt}#${alertId}`,
});

/** The alert index: an active alert is filed under each cell that covers its disc; a cell is one partition. */
export const alertCellPartition = (tenantId: string, cell: Cell): string =>
  `${tenantKeyPrefix(tenantId)}ALERTCELL#${geoCurveTag}#${cell.depth}#${cell.prefix.toString(16)}`;
export const alertCellKeys = (tenantId: string, cell: Cell, alertId: string) => ({ pk: alertCellPartition(tenantId, cell), sk: alertId });

/** The alerts with matches waiting for the daily digest: one partition per tenant. */
export const pendingDigestPartition = (tenantId: string): string => `${tenantKeyPrefix(tenantId)}ALERTDIGEST`;
export const pendingDigestKeys = (tenantId: string, alertId: string) => ({ pk: pendingDigestPartition(tenantId), sk: alertId });

// ————— The contact relay —————

const followUpDueList = (tenantId: string): string => `${tenantKeyPrefix(tenantId)}FOLLOWUP_DUE`;
const reportedList = (tenantId: string): string => `${tenantKeyPrefix(tenantId)}FLAGGED_CONVERSATIONS`;

/** The contact relay's items. A post's conversations, follow-up and flags share its `CONV#` partition. */
export const relayKeys = {
  /** A conversation: one per post and resident (hashed address), beside the post's follow-up. */
  conversation: (tenantId: string, postId: string, residentKey: string) => ({
    pk: `${tenantKeyPrefix(tenantId)}CONV#${postId}`,
    sk: `R#${residentKey}`,
  }),
  /** An alias: its token is the key (160 random bits); it points to its conversation and party. */
  alias: (tenantId: string, token: string) => ({ pk: `${tenantKeyPrefix(tenantId)}ALIAS#${token}`, sk: 'ALIAS' }),
  /** A post's follow-up ("did the help take place?"), in gsi1 under `FOLLOWUP_DUE` until it is sent. */
  followUp: (tenantId: string, postId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}CONV#${postId}`, sk: 'FOLLOWUP' }),
  /** A conversation a party reported ("report this message"), for staff: gsi1 `FLAGGED_CONVERSATIONS`, by time. */
  report: (tenantId: string, postId: string, residentKey: string, party: string) => ({
    pk: `${tenantKeyPrefix(tenantId)}CONV#${postId}`,
    sk: `FLAG#REPORT#${residentKey}#${party}`,
  }),
  reportIndex: (tenantId: string, at: string, postId: string, residentKey: string) => ({
    gsi1pk: reportedList(tenantId),
    gsi1sk: `${at}#${postId}#${residentKey}`,
  }),
  /** gsi1: the reports staff have not dealt with (closing the conversation takes its reports off). */
  reportedList,
  /** gsi1: the follow-ups not sent yet, by due time. */
  followUpDueList,
  followUpDue: (tenantId: string, dueAt: string, postId: string) => ({ gsi1pk: followUpDueList(tenantId), gsi1sk: `${dueAt}#${postId}` }),
  /** The last sort key of the follow-ups due by `at`: `~` sorts after every post id. */
  followUpsDueBy: (at: string): string => `${at}#~`,
};

// ————— Mail —————

export const mailLedgerKeys = {
  /** One item per queued mail: `state` is `sending` (with `leaseUntil`) then `sent`. */
  sent: (tenantId: string, mailId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}MAIL#${hashSecret(mailId).slice(0, 40)}`, sk: 'SENT' }),
  /** The suppression list: one item per address (hashed) that bounced or complained. */
  suppressed: (tenantId: string, email: string) => ({
    pk: `${tenantKeyPrefix(tenantId)}SUPPRESSED#${addressKey(email)}`,
    sk: 'SUPPRESSED',
  }),
  /** A post whose author's address bounced or complained, for staff: listed in gsi1 under `FLAGGED_MAIL`, newest last. */
  undeliverable: (tenantId: string, postId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}CONV#${postId}`, sk: 'FLAG#UNDELIVERABLE' }),
  undeliverableIndex: (tenantId: string, at: string, postId: string) => ({
    gsi1pk: `${tenantKeyPrefix(tenantId)}FLAGGED_MAIL`,
    gsi1sk: `${at}#${postId}`,
  }),
};

// ————— Counters —————

/**
 * The counters: one item per tenant and day, `T#<tenant>#STATS` / `DAY#<YYYY-MM-DD>`, every other
 * attribute a number (the contact relay's counter writes the same items); and the last digest,
 * `T#<tenant>#STATS` / `DIGEST` (outside the DAY# range a period's Query reads).
 */
export const statsKeys = {
  day: (tenantId: string, day: string) => ({ pk: `${tenantKeyPrefix(tenantId)}STATS`, sk: `DAY#${day}` }),
  /** The day of a day item's sort key. */
  dayOf: (sk: string): string => sk.slice('DAY#'.length),
  digest: (tenantId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}STATS`, sk: 'DIGEST' }),
};

/** A rate limiter's fixed window: one item per subject (hashed) and window, counted by a conditional ADD. */
export const rateLimitKeys = (tenantId: string, subjectKey: string, windowSeconds: number, windowStart: number) => ({
  pk: `${tenantKeyPrefix(tenantId)}RATE#${subjectKey}`,
  sk: `W#${windowSeconds}#${windowStart}`,
});

// ————— Missions —————

export const missionKeys = {
  /** gsi1: the tenant's missions of one status, oldest first (staff's lists). */
  missionsByStatusList: (tenantId: string, status: string): string => `${tenantKeyPrefix(tenantId)}MISSIONS#${status}`,
  missionByStatus: (tenantId: string, status: string, createdAt: string, missionId: string) => ({
    gsi1pk: `${tenantKeyPrefix(tenantId)}MISSIONS#${status}`,
    gsi1sk: `${createdAt}#${missionId}`,
  }),
  /** A mission; its shifts' ledgers share its partition. */
  mission: (tenantId: string, missionId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}MISSION#${missionId}`, sk: 'MISSION' }),
  /** A shift's ledger: its places, who holds one, who waits (the one item every change of places is a conditional write of). */
  ledger: (tenantId: string, missionId: string, shiftId: string) => ({
    pk: `${tenantKeyPrefix(tenantId)}MISSION#${missionId}`,
    sk: `SHIFT#${shiftId}`,
  }),
  /** gsi1: every shift of the tenant by its start, for the public list (soonest first) and the day-before reminders. */
  shiftsByStartList: (tenantId: string): string => `${tenantKeyPrefix(tenantId)}SHIFTS_BY_START`,
  shiftByStart: (tenantId: string, start: string, missionId: string, shiftId: string) => ({
    gsi1pk: `${tenantKeyPrefix(tenantId)}SHIFTS_BY_START`,
    gsi1sk: `${start}#${missionId}#${shiftId}`,
  }),
  /**
   * gsi2: a published mission in the partition cell of its point (16-bit prefix on the curve), sorted
   * by the point's full key on the curve: the nearest-first list reads any cell as one key range
   * (`nearbySortRange`), on the mission item itself (no second write to keep in step).
   */
  missionsNearList: (tenantId: string, partition: number): string =>
    `${tenantKeyPrefix(tenantId)}MISSIONS_NEAR#${geoCurveTag}#${partitionKey(partition)}`,
  missionNear: (tenantId: string, index: number, missionId: string) => ({
    gsi2pk: missionKeys.missionsNearList(tenantId, partitionOf(index)),
    gsi2sk: `${curveKey(index)}#${missionId}`,
  }),
  /** A volunteer's sign-up, by its id (the only thing its links carry). */
  signUp: (tenantId: string, signUpId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}SIGNUP#${signUpId}`, sk: 'SIGNUP' }),
  /** gsi1: a shift's sign-ups, in the order they were made. */
  shiftSignUpsList: (tenantId: string, missionId: string, shiftId: string): string =>
    `${tenantKeyPrefix(tenantId)}SHIFT_SIGNUPS#${missionId}#${shiftId}`,
  shiftSignUp: (tenantId: string, missionId: string, shiftId: string, createdAt: string, signUpId: string) => ({
    gsi1pk: `${tenantKeyPrefix(tenantId)}SHIFT_SIGNUPS#${missionId}#${shiftId}`,
    gsi1sk: `${createdAt}#${signUpId}`,
  }),
};

// ————— Wishes to help and orientations —————

export const wishKeys = {
  /** A resident's wish to help, by id (the only thing its link carries). */
  wish: (tenantId: string, wishId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}WISH#${wishId}`, sk: 'WISH' }),
  /** gsi1: the tenant's wishes of one status, oldest first (staff's list). */
  statusList: (tenantId: string, status: string): string => `${tenantKeyPrefix(tenantId)}WISHES#${status}`,
  byStatus: (tenantId: string, status: string, createdAt: string, wishId: string) => ({
    gsi1pk: `${tenantKeyPrefix(tenantId)}WISHES#${status}`,
    gsi1sk: `${createdAt}#${wishId}`,
  }),
  /** Staff's answer to a wish: its suggestions and which were followed (a number set, each counted once). */
  orientation: (tenantId: string, orientationId: string) => ({
    pk: `${tenantKeyPrefix(tenantId)}ORIENTATION#${orientationId}`,
    sk: 'ORIENTATION',
  }),
};

// ————— Health workers' recognitions —————

export const recognitionKeys = {
  /** A resident's recognition as a health worker, by its id (its address's key: one per address). */
  recognition: (tenantId: string, id: string) => ({ pk: `${tenantKeyPrefix(tenantId)}HEALTH_WORKER#${id}`, sk: 'RECOGNITION' }),
  /** gsi1: the tenant's recognitions of one status, oldest first (staff's list). */
  statusList: (tenantId: string, status: string): string => `${tenantKeyPrefix(tenantId)}RECOGNITIONS#${status}`,
  byStatus: (tenantId: string, status: string, createdAt: string, id: string) => ({
    gsi1pk: `${tenantKeyPrefix(tenantId)}RECOGNITIONS#${status}`,
    gsi1sk: `${createdAt}#${id}`,
  }),
};

// ————— Staff access —————

export const staffKeys = {
  /** A login link, by the hash of its token: deleted on use. */
  loginLink: (tenantId: string, tokenHash: string) => ({ pk: `${tenantKeyPrefix(tenantId)}LOGIN#${tokenHash}`, sk: 'LOGIN' }),
  /** The tenant's staff session secret, created once. */
  sessionSecret: (tenantId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}STAFF`, sk: 'SESSION_SECRET' }),
  /** The team as admins edited it (staff and admin addresses, its audit): one item, put on its version. */
  team: (tenantId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}STAFF`, sk: 'TEAM' }),
  /** Sections' dates as admins set them (and their audit): one item, put on its version, read before each request. */
  sections: (tenantId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}STAFF`, sk: 'SECTIONS' }),
};

// ————— Campaigns —————

const campaignEventPrefix = 'EVENT#';

/**
 * A campaign's items: its counter item and the deliveries into its stock share the `CAMPAIGN#`
 * partition; each volunteer has a partition of their own (their record and their events), so a
 * volunteer's figures are one query. A campaign id is a slug (no `#`), a volunteer id one of ours.
 */
export const campaignKeys = {
  counters: (tenantId: string, campaignId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}CAMPAIGN#${campaignId}`, sk: 'COUNTERS' }),
  /** An event in its history: its volunteer's partition, or the campaign's for a delivery into the stock. */
  event: (event: { tenantId: string; campaignId: string; volunteerId?: string; at: string; id: string }) => ({
    pk: event.volunteerId
      ? campaignKeys.volunteer(event.tenantId, event.campaignId, event.volunteerId).pk
      : campaignKeys.counters(event.tenantId, event.campaignId).pk,
    sk: `${campaignEventPrefix}${event.at}#${event.id}`,
  }),
  eventPrefix: campaignEventPrefix,
  /** gsi1: every event of a campaign, by time. */
  eventList: (tenantId: string, campaignId: string): string => `${tenantKeyPrefix(tenantId)}CAMPAIGN_EVENTS#${campaignId}`,
  eventIndex: (event: { tenantId: string; campaignId: string; at: string; id: string }) => ({
    gsi1pk: campaignKeys.eventList(event.tenantId, event.campaignId),
    gsi1sk: `${event.at}#${event.id}`,
  }),
  volunteer: (tenantId: string, campaignId: string, volunteerId: string) => ({
    pk: `${tenantKeyPrefix(tenantId)}VOLUNTEER#${campaignId}#${volunteerId}`,
    sk: 'VOLUNTEER',
  }),
  /** gsi1: a campaign's volunteers, in sign-up order. */
  volunteerList: (tenantId: string, campaignId: string): string => `${tenantKeyPrefix(tenantId)}VOLUNTEERS#${campaignId}`,
  volunteerIndex: (volunteer: { tenantId: string; campaignId: string; createdAt: string; id: string }) => ({
    gsi1pk: campaignKeys.volunteerList(volunteer.tenantId, volunteer.campaignId),
    gsi1sk: `${volunteer.createdAt}#${volunteer.id}`,
  }),
  /** The counter item's attribute noting an event counted but maybe not yet in its history. */
  pendingAttribute: (eventId: string): string => `pending:${eventId}`,
  pendingPrefix: 'pending:',
};

// ————— Directory listings —————

/** gsi1 lists of listings: the public ones by publication, those awaiting staff, every other status. */
const listingListName = (listing: Pick<ListingRecord, 'status' | 'paused'>): string =>
  listing.status === 'published' && !listing.paused
    ? 'LISTINGS'
    : listing.status === 'pending_moderation' || listing.status === 'hidden'
      ? 'LISTING_MODERATION'
      : `LISTING_STATUS#${listing.status === 'published' ? 'paused' : listing.status}`;

/**
 * A listing's items. Its record is read by id; its zone index entries are one partition per cell of
 * geo's disc index (`LISTINGZONE#<depth>#<cell>`) and per commune (`LISTINGCOMMUNE#<code>`), sorted
 * by listing id, so who delivers to a point is one query per cell the point looks up, plus one for
 * its commune.
 */
export const listingKeys = {
  listing: (tenantId: string, listingId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}LISTING#${listingId}`, sk: 'LISTING' }),
  /** The gsi1 partition of a list of listings by its name: `LISTINGS` (public), `LISTING_MODERATION`, `LISTING_STATUS#<status>`. */
  list: (tenantId: string, name: string): string => `${tenantKeyPrefix(tenantId)}${name}`,
  listName: listingListName,
  /** gsi1: public listings by publication then id; every other status by creation then id. */
  statusIndex: (listing: Pick<ListingRecord, 'tenantId' | 'id' | 'status' | 'paused' | 'publishedAt' | 'createdAt'>) => {
    const name = listingListName(listing);
    return {
      gsi1pk: `${tenantKeyPrefix(listing.tenantId)}${name}`,
      gsi1sk: `${name === 'LISTINGS' ? listing.publishedAt || listing.createdAt : listing.createdAt}#${listing.id}`,
    };
  },
  /** gsi2: a section's public listings, in gsi1's order (only a public listing has them). */
  sectionList: (tenantId: string, section: string): string => `${tenantKeyPrefix(tenantId)}LISTING_SECTION#${section}`,
  sectionIndex: (listing: Pick<ListingRecord, 'tenantId' | 'id' | 'status' | 'paused' | 'section' | 'publishedAt' | 'createdAt'>) =>
    listing.status === 'published' && !listing.paused
      ? {
          gsi2pk: `${tenantKeyPrefix(listing.tenantId)}LISTING_SECTION#${listing.section}`,
          gsi2sk: `${listing.publishedAt || listing.createdAt}#${listing.id}`,
        }
      : {},
  /** A disc's entry under one cell of geo's disc index. */
  zoneCellPartition: (tenantId: string, cell: Cell): string =>
    `${tenantKeyPrefix(tenantId)}LISTINGZONE#${geoCurveTag}#${cell.depth}#${cell.prefix.toString(16)}`,
  zoneCell: (tenantId: string, cell: Cell, listingId: string) => ({ pk: listingKeys.zoneCellPartition(tenantId, cell), sk: listingId }),
  /** A zone's entry under one commune (INSEE code). */
  zoneCommunePartition: (tenantId: string, code: string): string => `${tenantKeyPrefix(tenantId)}LISTINGCOMMUNE#${code}`,
  zoneCommune: (tenantId: string, code: string, listingId: string) => ({
    pk: listingKeys.zoneCommunePartition(tenantId, code),
    sk: listingId,
  }),
};

// ————— Gallery drawings —————

/** gsi1 lists of drawings: the published ones by publication, those awaiting staff, every other status. */
const drawingListName = (drawing: Pick<DrawingRecord, 'status'>): string =>
  drawing.status === 'published'
    ? 'DRAWINGS'
    : drawing.status === 'pending_moderation' || drawing.status === 'hidden'
      ? 'DRAWING_MODERATION'
      : `DRAWING_STATUS#${drawing.status}`;

/** A drawing's record, read by id, and its places in the lists (gsi1) and its section's gallery (gsi2). */
export const drawingKeys = {
  drawing: (tenantId: string, drawingId: string) => ({ pk: `${tenantKeyPrefix(tenantId)}DRAWING#${drawingId}`, sk: 'DRAWING' }),
  /** The gsi1 partition of a list of drawings by its name: `DRAWINGS` (published), `DRAWING_MODERATION`, `DRAWING_STATUS#<status>`. */
  list: (tenantId: string, name: string): string => `${tenantKeyPrefix(tenantId)}${name}`,
  listName: drawingListName,
  /** gsi1: published drawings by publication then id; every other status by creation then id. */
  statusIndex: (drawing: Pick<DrawingRecord, 'tenantId' | 'id' | 'status' | 'publishedAt' | 'createdAt'>) => {
    const name = drawingListName(drawing);
    return {
      gsi1pk: `${tenantKeyPrefix(drawing.tenantId)}${name}`,
      gsi1sk: `${name === 'DRAWINGS' ? drawing.publishedAt || drawing.createdAt : drawing.createdAt}#${drawing.id}`,
    };
  },
  /** gsi2: a section's published drawings, in gsi1's order (only a published drawing has them). */
  sectionList: (tenantId: string, section: string): string => `${tenantKeyPrefix(tenantId)}DRAWING_SECTION#${section}`,
  sectionIndex: (drawing: Pick<DrawingRecord, 'tenantId' | 'id' | 'status' | 'section' | 'publishedAt' | 'createdAt'>) =>
    drawing.status === 'published'
      ? {
          gsi2pk: drawingKeys.sectionList(drawing.tenantId, drawing.section),
          gsi2sk: `${drawing.publishedAt || drawing.createdAt}#${drawing.id}`,
        }
      : {},
};

// ————— A tenant's export (npm run offboard -- --export) —————

/**
 * Families left out of a tenant's export: entries derived from the records (the geographic, zone
 * and expiry indexes, pending digests: rebuilt from the records) and secrets (relay aliases, login
 * links, sent-mail hashes, rate windows), which say nothing about residents' help.
 */
const familiesNotExported = new Set([
  'POSTS_EXPIRING',
  'NEAR',
  'DENSITY',
  'ALERTCELL',
  'ALERTDIGEST',
  'LISTINGZONE',
  'LISTINGCOMMUNE',
  'ALIAS',
  'MAIL',
  'RATE',
  'LOGIN',
]);

/**
 * The family (`POST`, `LISTING`, `STATS`…) of one of the tenant's items that its export holds; undefined
 * for another tenant's item, an index entry or a secret (the staff's session secret included).
 */
export function exportedFamilyOf(tenantId: string, item: { pk: string; sk: string }): string | undefined {
  const prefix = tenantKeyPrefix(tenantId);
  if (!item.pk.startsWith(prefix)) return undefined;
  const family = item.pk.slice(prefix.length).split('#')[0]!;
  const secret = staffKeys.sessionSecret(tenantId);
  if (familiesNotExported.has(family) || (item.pk === secret.pk && item.sk === secret.sk)) return undefined;
  return family;
}
