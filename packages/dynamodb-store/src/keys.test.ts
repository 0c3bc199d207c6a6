import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { retentionAfterExpiryDays, type PostRecord } from '@entraide/core';
import * as keys from './keys.js';
import {
  alertCellKeys,
  alertExpiringIndex,
  alertCellPartition,
  alertKeys,
  alertMatchKeys,
  alertMatchPrefix,
  allStatusLists,
  campaignKeys,
  listingKeys,
  drawingKeys,
  exportedFamilyOf,
  mailLedgerKeys,
  missionKeys,
  wishKeys,
  recognitionKeys,
  nearbyPartitionKey,
  densityKeys,
  densityCellOfAttribute,
  densityPartitionKey,
  nearbySortKey,
  nearbySortRange,
  geoCurveTag,
  geoKeyedFamilies,
  pendingDigestKeys,
  pendingDigestPartition,
  postKeys,
  expiringEntryKeys,
  expiringListKey,
  expiringSortRange,
  publishedIndexKeys,
  publishedListKey,
  purgeAtEpochSeconds,
  rateLimitKeys,
  recordOf,
  relayKeys,
  sectionIndexKeys,
  sectionListKey,
  staffKeys,
  statsKeys,
  statusIndexKeys,
  statusListKey,
  statusListName,
  tableAttributes,
  tenantKeyPrefix,
} from './keys.js';

/** Ids as the edges accept them: a tenant is a slug (tenant-config.ts), a post id what the APIs let through. */
const tenantId = fc.oneof(
  fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/).filter((id) => id.length <= 40),
  fc.constantFrom('paris', 'paris-centre', 'post', 'alert', 'stats', 'staff'),
);
const postId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
  // Ids that spell another family's tag.
  fc.constantFrom('ALERTDIGEST', 'PUBLISHED', 'MODERATION', 'FLAGGED_MAIL', 'FOLLOWUP', 'SESSION_SECRET', 'STATUS-closed'),
);

const t = 'courbevoie';
const post = (overrides: Partial<PostRecord> = {}) =>
  ({
    tenantId: t,
    id: 'post000001',
    status: 'published',
    createdAt: '2025-03-02T09:00:00.000Z',
    publishedAt: '2025-03-02T09:05:00.000Z',
    ...overrides,
  }) as PostRecord;

describe('the key of each family, exactly as stored', () => {
  it('tenantKeyPrefix: T#<tenant>#', () => {
    expect(tenantKeyPrefix(t)).toBe('T#courbevoie#');
  });

  it('tableAttributes and recordOf: a record is its item without the keys, the indexes’ keys and the purge time', () => {
    expect(tableAttributes).toEqual(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'purgeAt']);
    const item = {
      ...postKeys(t, 'post000001'),
      ...publishedIndexKeys(post()),
      gsi2pk: 'x',
      gsi2sk: 'y',
      purgeAt: 1,
      id: 'post000001',
      sk2: 'kept',
      version: 0,
    };
    expect(recordOf(item)).toEqual({ id: 'post000001', sk2: 'kept', version: 0 });
    expect(item.pk).toBe('T#courbevoie#POST#post000001');
  });

  it('postKeys: a post by id', () => {
    expect(postKeys(t, 'post000001')).toEqual({ pk: 'T#courbevoie#POST#post000001', sk: 'POST' });
  });

  it('publishedListKey and publishedIndexKeys: gsi1, the published posts by publication time then id', () => {
    expect(publishedListKey(t)).toBe('T#courbevoie#PUBLISHED');
    expect(publishedIndexKeys(post())).toEqual({ gsi1pk: 'T#courbevoie#PUBLISHED', gsi1sk: '2025-03-02T09:05:00.000Z#post000001' });
    // A post never published is sorted by its creation.
    expect(publishedIndexKeys(post({ publishedAt: '' })).gsi1sk).toBe('2025-03-02T09:00:00.000Z#post000001');
  });

  it('sectionListKey and sectionIndexKeys: gsi2, a section’s published posts in gsi1’s order, for published posts with a section only', () => {
    expect(sectionListKey(t, 'jardins')).toBe('T#courbevoie#SECTION#jardins');
    expect(sectionIndexKeys(post({ section: 'jardins' }))).toEqual({
      gsi2pk: 'T#courbevoie#SECTION#jardins',
      gsi2sk: '2025-03-02T09:05:00.000Z#post000001',
    });
    expect(sectionIndexKeys(post())).toEqual({});
    expect(sectionIndexKeys(post({ section: 'jardins', status: 'closed' }))).toEqual({});
  });

  it('statusListName, statusListKey, statusIndexKeys and allStatusLists: gsi1, every other status by creation time', () => {
    expect(statusListName('published')).toBe('PUBLISHED');
    expect(statusListName('pending_moderation')).toBe('MODERATION');
    expect(statusListName('hidden')).toBe('MODERATION');
    expect(statusListName('closed')).toBe('STATUS#closed');
    expect(statusListKey(t, 'MODERATION')).toBe('T#courbevoie#MODERATION');
    expect(statusIndexKeys(post({ status: 'hidden' }))).toEqual({
      gsi1pk: 'T#courbevoie#MODERATION',
      gsi1sk: '2025-03-02T09:00:00.000Z#post000001',
    });
    expect(statusIndexKeys(post({ status: 'deleted' }))).toEqual({
      gsi1pk: 'T#courbevoie#STATUS#deleted',
      gsi1sk: '2025-03-02T09:00:00.000Z#post000001',
    });
    expect(statusIndexKeys(post())).toEqual(publishedIndexKeys(post()));
    expect(allStatusLists).toEqual([
      'PUBLISHED',
      'MODERATION',
      'STATUS#pending_verification',
      'STATUS#rejected',
      'STATUS#closed',
      'STATUS#deleted',
    ]);
  });

  it('purgeAtEpochSeconds: DynamoDB may purge a post 90 days after it expires, in epoch seconds', () => {
    expect(retentionAfterExpiryDays).toBe(90);
    expect(purgeAtEpochSeconds({ expiresAt: '2025-04-01T09:00:00.000Z' })).toBe(Date.UTC(2025, 3, 1, 9) / 1000 + 90 * 24 * 3600);
    expect(purgeAtEpochSeconds({ expiresAt: '2025-04-01T09:00:00.999Z' })).toBe(Date.UTC(2025, 3, 1, 9) / 1000 + 90 * 24 * 3600);
  });

  it('expiringListKey, expiringEntryKeys and expiringSortRange: the published posts by expiry, soonest first', () => {
    expect(expiringListKey(t)).toBe('T#courbevoie#POSTS_EXPIRING');
    expect(expiringEntryKeys({ tenantId: t, id: 'post000001', expiresAt: '2025-04-01T09:00:00.000Z' })).toEqual({
      pk: 'T#courbevoie#POSTS_EXPIRING',
      sk: '2025-04-01T09:00:00.000Z#post000001',
    });
    const range = expiringSortRange('2025-04-01T00:00:00.000Z', '2025-04-04T00:00:00.000Z');
    expect(range).toEqual({ from: '2025-04-01T00:00:00.000Z#', to: '2025-04-04T00:00:00.000Z#~' });
    // A post expiring at either end is in the range; one a millisecond after the end is not.
    const sk = (expiresAt: string) => expiringEntryKeys({ tenantId: t, id: 'zzzzzzzz', expiresAt }).sk;
    expect(sk('2025-04-04T00:00:00.000Z') <= range.to && sk('2025-04-01T00:00:00.000Z') >= range.from).toBe(true);
    expect(sk('2025-04-04T00:00:00.001Z') > range.to).toBe(true);
  });

  it('nearbyPartitionKey, nearbySortKey and nearbySortRange: the geographic index, by filter and partition, sorted by the key on the curve (tagged H: the Hilbert curve)', () => {
    expect(nearbyPartitionKey(t, {}, 0x1a2b)).toBe('T#courbevoie#NEAR#H#*#*#1a2b');
    expect(nearbyPartitionKey(t, { category: 'groceries', kind: 'offer' }, 0x3)).toBe('T#courbevoie#NEAR#H#groceries#offer#0003');
    expect(nearbyPartitionKey(t, { kind: 'request' }, 0xffff)).toBe('T#courbevoie#NEAR#H#*#request#ffff');
    expect(nearbySortKey(0x123, 'post000001')).toBe('0000000000123#post000001');
    expect(nearbySortRange({ lo: 0x10, hi: 0x1f })).toEqual({ from: '0000000000010', to: '000000000001f$' });
  });

  it('densityKeys: a cell of the summary counted in an attribute of the item of its cell of depth 24, one partition a tenant', () => {
    const cell = 0x2abcd * 2 ** 10 + 0x3f1;
    expect(densityKeys(t, cell)).toEqual({ key: { pk: 'T#courbevoie#DENSITY#H', sk: '02abcd' }, attribute: 'c3f1' });
    expect(densityPartitionKey(t)).toBe('T#courbevoie#DENSITY#H');
    expect(densityKeys(t, 0)).toEqual({ key: { pk: 'T#courbevoie#DENSITY#H', sk: '000000' }, attribute: 'c000' });
    expect(densityCellOfAttribute('02abcd', 'c3f1')).toBe(cell);
    // The item's keys and anything not a count are no cell.
    for (const attribute of ['pk', 'sk', 'c', 'c12', 'c1234', 'cxyz', 'C3F1'])
      expect(densityCellOfAttribute('02abcd', attribute)).toBeUndefined();
    expect(densityCellOfAttribute('2abcd', 'c3f1')).toBeUndefined();
  });

  it('geoCurveTag, geoKeyedFamilies: every key numbered by place carries the curve, so an entry of the Z-order before it is told apart', () => {
    const cell = { depth: 20, prefix: 0xabcde };
    const placed = [
      nearbyPartitionKey(t, {}, 0x1a2b),
      nearbyPartitionKey(t, { category: 'groceries', kind: 'offer' }, 0x3),
      alertCellPartition(t, cell),
      listingKeys.zoneCellPartition(t, cell),
      missionKeys.missionsNearList(t, 0x1a2b),
      missionKeys.missionNear(t, 0x1a2b000000123, 'mission001').gsi2pk,
      densityKeys(t, 0x1a2b).key.pk,
    ];
    expect(geoCurveTag).toBe('H');
    for (const key of placed) expect(key.split('#')[3]).toBe(geoCurveTag);
    // The families of items (not of an index's attributes) that reindex sweeps for untagged entries.
    expect([...geoKeyedFamilies].sort()).toEqual([...new Set(placed.slice(0, 4).map((key) => key.split('#')[2]))].sort());
    // Before the curve: `NEAR#<category|*>`, `ALERTCELL#<depth>`, `LISTINGZONE#<depth>`, `MISSIONS_NEAR#<hex>`: never `H`.
    for (const before of ['T#courbevoie#NEAR#*#*#1a2b', 'T#courbevoie#ALERTCELL#20#abcde', 'T#courbevoie#MISSIONS_NEAR#1a2b'])
      expect(before.split('#')[3]).not.toBe(geoCurveTag);
  });

  it('alertKeys, alertMatchKeys, alertCellPartition, alertCellKeys, pendingDigestPartition, pendingDigestKeys: alerts, their matches, index and digest list', () => {
    expect(alertKeys(t, 'alert0001')).toEqual({ pk: 'T#courbevoie#ALERT#alert0001', sk: 'ALERT' });
    expect(alertMatchPrefix).toBe('MATCH#');
    expect(alertMatchKeys(t, 'alert0001', 'post000001')).toEqual({ pk: 'T#courbevoie#ALERT#alert0001', sk: 'MATCH#post000001' });
    expect(alertCellPartition(t, { depth: 20, prefix: 0xabcde })).toBe('T#courbevoie#ALERTCELL#H#20#abcde');
    expect(alertCellKeys(t, { depth: 20, prefix: 0xabcde }, 'alert0001')).toEqual({
      pk: 'T#courbevoie#ALERTCELL#H#20#abcde',
      sk: 'alert0001',
    });
    expect(pendingDigestPartition(t)).toBe('T#courbevoie#ALERTDIGEST');
    expect(pendingDigestKeys(t, 'alert0001')).toEqual({ pk: 'T#courbevoie#ALERTDIGEST', sk: 'alert0001' });
  });

  it('alertExpiringIndex: an active alert in the list by expiry, on its own item, soonest first', () => {
    expect(alertExpiringIndex(t, '2026-06-02T09:00:00.000Z', 'alert0001')).toEqual({
      gsi1pk: 'T#courbevoie#ALERTS_EXPIRING',
      gsi1sk: '2026-06-02T09:00:00.000Z#alert0001',
    });
    const sooner = alertExpiringIndex(t, '2026-06-01T23:59:59.999Z', 'zzzzzzzz').gsi1sk;
    expect(sooner < alertExpiringIndex(t, '2026-06-02T00:00:00.000Z', 'aaaaaaaa').gsi1sk).toBe(true);
  });

  it('relayKeys: conversations, aliases, follow-ups and reports', () => {
    expect(relayKeys.conversation(t, 'post000001', 'rk01')).toEqual({ pk: 'T#courbevoie#CONV#post000001', sk: 'R#rk01' });
    expect(relayKeys.alias(t, 'abcdefgh234567')).toEqual({ pk: 'T#courbevoie#ALIAS#abcdefgh234567', sk: 'ALIAS' });
    expect(relayKeys.followUp(t, 'post000001')).toEqual({ pk: 'T#courbevoie#CONV#post000001', sk: 'FOLLOWUP' });
    expect(relayKeys.followUpDue(t, '2025-03-09T10:00:00.000Z', 'post000001')).toEqual({
      gsi1pk: 'T#courbevoie#FOLLOWUP_DUE',
      gsi1sk: '2025-03-09T10:00:00.000Z#post000001',
    });
    expect(relayKeys.followUpDueList(t)).toBe('T#courbevoie#FOLLOWUP_DUE');
    expect(relayKeys.followUpsDueBy('2025-03-09T10:00:00.000Z')).toBe('2025-03-09T10:00:00.000Z#~');
    expect(relayKeys.report(t, 'post000001', 'rk01', 'author')).toEqual({
      pk: 'T#courbevoie#CONV#post000001',
      sk: 'FLAG#REPORT#rk01#author',
    });
    expect(relayKeys.reportIndex(t, '2025-03-09T10:00:00.000Z', 'post000001', 'rk01')).toEqual({
      gsi1pk: 'T#courbevoie#FLAGGED_CONVERSATIONS',
      gsi1sk: '2025-03-09T10:00:00.000Z#post000001#rk01',
    });
    expect(relayKeys.reportedList(t)).toBe('T#courbevoie#FLAGGED_CONVERSATIONS');
  });

  it('mailLedgerKeys: sent markers and suppressions by hash, undeliverable flags beside the post’s conversations', () => {
    expect(mailLedgerKeys.sent(t, 'mail-0001')).toEqual({ pk: 'T#courbevoie#MAIL#e6afe9130b8bedb12e6ead5f7a15f6dfae7886d2', sk: 'SENT' });
    expect(mailLedgerKeys.suppressed(t, ' Ana@Example.org')).toEqual({
      pk: 'T#courbevoie#SUPPRESSED#86b9260a115ceac89a9738af23696ce3a5d70449',
      sk: 'SUPPRESSED',
    });
    expect(mailLedgerKeys.undeliverable(t, 'post000001')).toEqual({ pk: 'T#courbevoie#CONV#post000001', sk: 'FLAG#UNDELIVERABLE' });
    expect(mailLedgerKeys.undeliverableIndex(t, '2025-03-09T10:00:00.000Z', 'post000001')).toEqual({
      gsi1pk: 'T#courbevoie#FLAGGED_MAIL',
      gsi1sk: '2025-03-09T10:00:00.000Z#post000001',
    });
  });

  it('statsKeys: one counter item per day, and the last digest, in one partition', () => {
    expect(statsKeys.day(t, '2025-03-09')).toEqual({ pk: 'T#courbevoie#STATS', sk: 'DAY#2025-03-09' });
    expect(statsKeys.dayOf('DAY#2025-03-09')).toBe('2025-03-09');
    expect(statsKeys.digest(t)).toEqual({ pk: 'T#courbevoie#STATS', sk: 'DIGEST' });
  });

  it('rateLimitKeys: one counter per subject and window', () => {
    expect(rateLimitKeys(t, 'ab12cd34', 3600, 1741514400)).toEqual({ pk: 'T#courbevoie#RATE#ab12cd34', sk: 'W#3600#1741514400' });
  });

  it('staffKeys: login links by token hash, and the session secret', () => {
    expect(staffKeys.loginLink(t, 'f00d')).toEqual({ pk: 'T#courbevoie#LOGIN#f00d', sk: 'LOGIN' });
    expect(staffKeys.sessionSecret(t)).toEqual({ pk: 'T#courbevoie#STAFF', sk: 'SESSION_SECRET' });
    expect(staffKeys.team(t)).toEqual({ pk: 'T#courbevoie#STAFF', sk: 'TEAM' });
    expect(staffKeys.sections(t)).toEqual({ pk: 'T#courbevoie#STAFF', sk: 'SECTIONS' });
  });

  it('campaignKeys: a campaign’s counters and deliveries, a volunteer and their events, and the lists of both', () => {
    const event = { tenantId: t, campaignId: 'masques', at: '2025-03-02T09:00:00.000Z', id: 'evt00001' };
    expect(campaignKeys.counters(t, 'masques')).toEqual({ pk: 'T#courbevoie#CAMPAIGN#masques', sk: 'COUNTERS' });
    expect(campaignKeys.event(event)).toEqual({ pk: 'T#courbevoie#CAMPAIGN#masques', sk: 'EVENT#2025-03-02T09:00:00.000Z#evt00001' });
    expect(campaignKeys.event({ ...event, volunteerId: 'vol00001' })).toEqual({
      pk: 'T#courbevoie#VOLUNTEER#masques#vol00001',
      sk: 'EVENT#2025-03-02T09:00:00.000Z#evt00001',
    });
    expect(campaignKeys.eventPrefix).toBe('EVENT#');
    expect(campaignKeys.eventIndex(event)).toEqual({
      gsi1pk: 'T#courbevoie#CAMPAIGN_EVENTS#masques',
      gsi1sk: '2025-03-02T09:00:00.000Z#evt00001',
    });
    expect(campaignKeys.eventList(t, 'masques')).toBe('T#courbevoie#CAMPAIGN_EVENTS#masques');
    expect(campaignKeys.volunteer(t, 'masques', 'vol00001')).toEqual({ pk: 'T#courbevoie#VOLUNTEER#masques#vol00001', sk: 'VOLUNTEER' });
    expect(
      campaignKeys.volunteerIndex({ tenantId: t, campaignId: 'masques', createdAt: '2025-03-02T09:00:00.000Z', id: 'vol00001' }),
    ).toEqual({
      gsi1pk: 'T#courbevoie#VOLUNTEERS#masques',
      gsi1sk: '2025-03-02T09:00:00.000Z#vol00001',
    });
    expect(campaignKeys.volunteerList(t, 'masques')).toBe('T#courbevoie#VOLUNTEERS#masques');
    expect(campaignKeys.pendingAttribute('evt00001')).toBe('pending:evt00001');
    expect(campaignKeys.pendingPrefix).toBe('pending:');
  });

  it('missionKeys: a mission and its shifts’ ledgers in one partition, sign-ups by id, gsi1 lists of shifts by start and of a shift’s sign-ups', () => {
    expect(missionKeys.mission(t, 'mission001')).toEqual({ pk: 'T#courbevoie#MISSION#mission001', sk: 'MISSION' });
    expect(missionKeys.ledger(t, 'mission001', 'shift0001')).toEqual({ pk: 'T#courbevoie#MISSION#mission001', sk: 'SHIFT#shift0001' });
    expect(missionKeys.shiftsByStartList(t)).toBe('T#courbevoie#SHIFTS_BY_START');
    expect(missionKeys.shiftByStart(t, '2025-03-09T06:00:00.000Z', 'mission001', 'shift0001')).toEqual({
      gsi1pk: 'T#courbevoie#SHIFTS_BY_START',
      gsi1sk: '2025-03-09T06:00:00.000Z#mission001#shift0001',
    });
    expect(missionKeys.missionsNearList(t, 0x1a2b)).toBe('T#courbevoie#MISSIONS_NEAR#H#1a2b');
    // The partition is the key's first 16 bits (of 52) on the curve.
    expect(missionKeys.missionNear(t, 0x1a2b000000123, 'mission001')).toEqual({
      gsi2pk: 'T#courbevoie#MISSIONS_NEAR#H#1a2b',
      gsi2sk: '1a2b000000123#mission001',
    });
    expect(missionKeys.signUp(t, 'signup0001')).toEqual({ pk: 'T#courbevoie#SIGNUP#signup0001', sk: 'SIGNUP' });
    expect(wishKeys.wish(t, 'wish000001')).toEqual({ pk: 'T#courbevoie#WISH#wish000001', sk: 'WISH' });
    expect(wishKeys.statusList(t, 'open')).toBe('T#courbevoie#WISHES#open');
    expect(wishKeys.byStatus(t, 'open', '2025-03-02T09:00:00.000Z', 'wish000001')).toEqual({
      gsi1pk: 'T#courbevoie#WISHES#open',
      gsi1sk: '2025-03-02T09:00:00.000Z#wish000001',
    });
    expect(wishKeys.orientation(t, 'orient0001')).toEqual({ pk: 'T#courbevoie#ORIENTATION#orient0001', sk: 'ORIENTATION' });
    expect(Object.keys(wishKeys).sort()).toEqual(['byStatus', 'orientation', 'statusList', 'wish']);
    expect(recognitionKeys.recognition(t, 'a1b2c3d4e5')).toEqual({ pk: 'T#courbevoie#HEALTH_WORKER#a1b2c3d4e5', sk: 'RECOGNITION' });
    expect(recognitionKeys.statusList(t, 'awaiting_approval')).toBe('T#courbevoie#RECOGNITIONS#awaiting_approval');
    expect(recognitionKeys.byStatus(t, 'awaiting_approval', '2025-03-02T09:00:00.000Z', 'a1b2c3d4e5')).toEqual({
      gsi1pk: 'T#courbevoie#RECOGNITIONS#awaiting_approval',
      gsi1sk: '2025-03-02T09:00:00.000Z#a1b2c3d4e5',
    });
    expect(Object.keys(recognitionKeys).sort()).toEqual(['byStatus', 'recognition', 'statusList']);
    expect(missionKeys.missionsByStatusList(t, 'pending_moderation')).toBe('T#courbevoie#MISSIONS#pending_moderation');
    expect(missionKeys.missionByStatus(t, 'published', '2025-03-02T09:00:00.000Z', 'mission001')).toEqual({
      gsi1pk: 'T#courbevoie#MISSIONS#published',
      gsi1sk: '2025-03-02T09:00:00.000Z#mission001',
    });
    expect(missionKeys.shiftSignUpsList(t, 'mission001', 'shift0001')).toBe('T#courbevoie#SHIFT_SIGNUPS#mission001#shift0001');
    expect(missionKeys.shiftSignUp(t, 'mission001', 'shift0001', '2025-03-02T09:00:00.000Z', 'signup0001')).toEqual({
      gsi1pk: 'T#courbevoie#SHIFT_SIGNUPS#mission001#shift0001',
      gsi1sk: '2025-03-02T09:00:00.000Z#signup0001',
    });
  });

  it('drawingKeys: a drawing by id, its gsi1 lists (published, moderation, other statuses), its section (gsi2) once published only', () => {
    const drawing = {
      tenantId: t,
      id: 'drawing01',
      status: 'published' as const,
      section: 'dessins',
      createdAt: '2026-04-02T09:00:00.000Z',
      publishedAt: '2026-04-02T10:00:00.000Z',
    };
    expect(drawingKeys.drawing(t, 'drawing01')).toEqual({ pk: 'T#courbevoie#DRAWING#drawing01', sk: 'DRAWING' });
    expect(drawingKeys.list(t, 'DRAWINGS')).toBe('T#courbevoie#DRAWINGS');
    expect(drawingKeys.statusIndex(drawing)).toEqual({ gsi1pk: 'T#courbevoie#DRAWINGS', gsi1sk: '2026-04-02T10:00:00.000Z#drawing01' });
    expect(drawingKeys.statusIndex({ ...drawing, status: 'pending_moderation' })).toEqual({
      gsi1pk: 'T#courbevoie#DRAWING_MODERATION',
      gsi1sk: '2026-04-02T09:00:00.000Z#drawing01',
    });
    expect(drawingKeys.listName({ status: 'hidden' })).toBe('DRAWING_MODERATION');
    expect(drawingKeys.listName({ status: 'pending_verification' })).toBe('DRAWING_STATUS#pending_verification');
    expect(drawingKeys.sectionIndex(drawing)).toEqual({
      gsi2pk: 'T#courbevoie#DRAWING_SECTION#dessins',
      gsi2sk: '2026-04-02T10:00:00.000Z#drawing01',
    });
    expect(drawingKeys.sectionIndex({ ...drawing, status: 'pending_moderation' })).toEqual({});
    expect(drawingKeys.sectionList(t, 'dessins')).toBe('T#courbevoie#DRAWING_SECTION#dessins');
  });

  it('listingKeys: a listing by id, its gsi1 lists (public, moderation, other statuses, paused), its section (gsi2), its zone entries by cell and commune', () => {
    const listing = {
      tenantId: t,
      id: 'listing01',
      status: 'published' as const,
      section: 'paques',
      createdAt: '2025-03-02T09:00:00.000Z',
      publishedAt: '2025-03-02T09:05:00.000Z',
    };
    expect(listingKeys.listing(t, 'listing01')).toEqual({ pk: 'T#courbevoie#LISTING#listing01', sk: 'LISTING' });
    expect(listingKeys.list(t, 'LISTINGS')).toBe('T#courbevoie#LISTINGS');
    expect(listingKeys.statusIndex(listing)).toEqual({ gsi1pk: 'T#courbevoie#LISTINGS', gsi1sk: '2025-03-02T09:05:00.000Z#listing01' });
    expect(listingKeys.statusIndex({ ...listing, paused: true })).toEqual({
      gsi1pk: 'T#courbevoie#LISTING_STATUS#paused',
      gsi1sk: '2025-03-02T09:00:00.000Z#listing01',
    });
    expect(listingKeys.statusIndex({ ...listing, status: 'hidden' }).gsi1pk).toBe('T#courbevoie#LISTING_MODERATION');
    expect(listingKeys.listName({ status: 'pending_moderation' })).toBe('LISTING_MODERATION');
    expect(listingKeys.listName({ status: 'closed' })).toBe('LISTING_STATUS#closed');
    expect(listingKeys.sectionList(t, 'paques')).toBe('T#courbevoie#LISTING_SECTION#paques');
    expect(listingKeys.sectionIndex(listing)).toEqual({
      gsi2pk: 'T#courbevoie#LISTING_SECTION#paques',
      gsi2sk: '2025-03-02T09:05:00.000Z#listing01',
    });
    expect(listingKeys.sectionIndex({ ...listing, paused: true })).toEqual({});
    expect(listingKeys.zoneCellPartition(t, { depth: 20, prefix: 0xabcde })).toBe('T#courbevoie#LISTINGZONE#H#20#abcde');
    expect(listingKeys.zoneCell(t, { depth: 20, prefix: 0xabcde }, 'listing01')).toEqual({
      pk: 'T#courbevoie#LISTINGZONE#H#20#abcde',
      sk: 'listing01',
    });
    expect(listingKeys.zoneCommunePartition(t, '79191')).toBe('T#courbevoie#LISTINGCOMMUNE#79191');
    expect(listingKeys.zoneCommune(t, '79191', 'listing01')).toEqual({ pk: 'T#courbevoie#LISTINGCOMMUNE#79191', sk: 'listing01' });
  });

  it('exportedFamilyOf: the tenant’s records by family; index entries, secrets and other tenants’ items left out', () => {
    const t = 'courbevoie';
    expect(exportedFamilyOf(t, postKeys(t, 'p1'))).toBe('POST');
    expect(exportedFamilyOf(t, listingKeys.listing(t, 'l1'))).toBe('LISTING');
    expect(exportedFamilyOf(t, statsKeys.day(t, '2026-03-02'))).toBe('STATS');
    expect(exportedFamilyOf(t, staffKeys.team(t))).toBe('STAFF');
    expect(exportedFamilyOf(t, relayKeys.conversation(t, 'p1', 'r1'))).toBe('CONV');
    expect(exportedFamilyOf(t, missionKeys.signUp(t, 's1'))).toBe('SIGNUP');
    expect(exportedFamilyOf(t, staffKeys.sessionSecret(t))).toBeUndefined();
    expect(exportedFamilyOf(t, staffKeys.loginLink(t, 'hash'))).toBeUndefined();
    expect(exportedFamilyOf(t, relayKeys.alias(t, 'token'))).toBeUndefined();
    expect(exportedFamilyOf(t, mailLedgerKeys.sent(t, 'mail1'))).toBeUndefined();
    expect(exportedFamilyOf(t, rateLimitKeys(t, 'ip', 3600, 0))).toBeUndefined();
    expect(exportedFamilyOf(t, expiringEntryKeys({ tenantId: t, id: 'p1', expiresAt: '2026-04-01T00:00:00.000Z' }))).toBeUndefined();
    expect(exportedFamilyOf(t, { pk: nearbyPartitionKey(t, {}, 0), sk: 'x' })).toBeUndefined();
    expect(exportedFamilyOf(t, listingKeys.zoneCommune(t, '79191', 'l1'))).toBeUndefined();
    expect(exportedFamilyOf(t, postKeys('courbevoie-bis', 'p1'))).toBeUndefined();
    expect(exportedFamilyOf('paris', postKeys(t, 'p1'))).toBeUndefined();
  });

  it('are all tested above: a new builder comes with its test', () => {
    const tested = [
      'exportedFamilyOf',
      'tenantKeyPrefix',
      'tableAttributes',
      'recordOf',
      'postKeys',
      'publishedListKey',
      'publishedIndexKeys',
      'sectionListKey',
      'sectionIndexKeys',
      'statusListName',
      'statusListKey',
      'statusIndexKeys',
      'allStatusLists',
      'purgeAtEpochSeconds',
      'expiringListKey',
      'expiringEntryKeys',
      'expiringSortRange',
      'nearbyPartitionKey',
      'nearbySortKey',
      'nearbySortRange',
      'densityPartitionKey',
      'densityKeys',
      'densityCellOfAttribute',
      'geoCurveTag',
      'geoKeyedFamilies',
      'alertKeys',
      'alertMatchPrefix',
      'alertMatchKeys',
      'alertCellPartition',
      'alertCellKeys',
      'pendingDigestPartition',
      'pendingDigestKeys',
      'alertExpiringIndex',
      'relayKeys',
      'mailLedgerKeys',
      'statsKeys',
      'rateLimitKeys',
      'staffKeys',
      'campaignKeys',
      'missionKeys',
      'listingKeys',
      'wishKeys',
      'drawingKeys',
      'recognitionKeys',
    ];
    expect(
      Object.keys(keys)
        .filter((name) => name !== '__esModule')
        .sort(),
    ).toEqual(tested.sort());
    expect(Object.keys(relayKeys).sort()).toEqual([
      'alias',
      'conversation',
      'followUp',
      'followUpDue',
      'followUpDueList',
      'followUpsDueBy',
      'report',
      'reportIndex',
      'reportedList',
    ]);
    expect(Object.keys(mailLedgerKeys).sort()).toEqual(['sent', 'suppressed', 'undeliverable', 'undeliverableIndex']);
    expect(Object.keys(statsKeys).sort()).toEqual(['day', 'dayOf', 'digest']);
    expect(Object.keys(staffKeys).sort()).toEqual(['loginLink', 'sections', 'sessionSecret', 'team']);
    expect(Object.keys(missionKeys).sort()).toEqual([
      'ledger',
      'mission',
      'missionByStatus',
      'missionNear',
      'missionsByStatusList',
      'missionsNearList',
      'shiftByStart',
      'shiftSignUp',
      'shiftSignUpsList',
      'shiftsByStartList',
      'signUp',
    ]);
    expect(Object.keys(listingKeys).sort()).toEqual([
      'list',
      'listName',
      'listing',
      'sectionIndex',
      'sectionList',
      'statusIndex',
      'zoneCell',
      'zoneCellPartition',
      'zoneCommune',
      'zoneCommunePartition',
    ]);
    expect(Object.keys(campaignKeys).sort()).toEqual([
      'counters',
      'event',
      'eventIndex',
      'eventList',
      'eventPrefix',
      'pendingAttribute',
      'pendingPrefix',
      'volunteer',
      'volunteerIndex',
      'volunteerList',
    ]);
  });
});

/**
 * Every partition key a family writes, built from one tenant and one id (a post id, or whatever
 * other id the family takes: alert, token, resident, hash): the family's tag comes right after
 * the tenant.
 */
const partitions: { attribute: 'pk' | 'gsi1pk' | 'gsi2pk'; tag: string; keysOf: (tenant: string, id: string) => string[] }[] = [
  { attribute: 'pk', tag: 'POST', keysOf: (tenant, id) => [postKeys(tenant, id).pk] },
  {
    attribute: 'pk',
    tag: 'NEAR',
    keysOf: (tenant) => [nearbyPartitionKey(tenant, {}, 0), nearbyPartitionKey(tenant, { category: 'groceries', kind: 'offer' }, 0xffff)],
  },
  { attribute: 'pk', tag: 'ALERT', keysOf: (tenant, id) => [alertKeys(tenant, id).pk, alertMatchKeys(tenant, id, id).pk] },
  { attribute: 'pk', tag: 'ALERTCELL', keysOf: (tenant, id) => [alertCellKeys(tenant, { depth: 20, prefix: 0xabcde }, id).pk] },
  { attribute: 'pk', tag: 'ALERTDIGEST', keysOf: (tenant, id) => [pendingDigestKeys(tenant, id).pk] },
  {
    attribute: 'gsi1pk',
    tag: 'ALERTS_EXPIRING',
    keysOf: (tenant, id) => [alertExpiringIndex(tenant, '2026-06-02T09:00:00.000Z', id).gsi1pk],
  },
  {
    attribute: 'pk',
    tag: 'CONV',
    keysOf: (tenant, id) => [
      relayKeys.conversation(tenant, id, id).pk,
      relayKeys.followUp(tenant, id).pk,
      relayKeys.report(tenant, id, id, 'author').pk,
      mailLedgerKeys.undeliverable(tenant, id).pk,
    ],
  },
  { attribute: 'pk', tag: 'ALIAS', keysOf: (tenant, id) => [relayKeys.alias(tenant, id).pk] },
  { attribute: 'pk', tag: 'MAIL', keysOf: (tenant, id) => [mailLedgerKeys.sent(tenant, id).pk] },
  { attribute: 'pk', tag: 'SUPPRESSED', keysOf: (tenant, id) => [mailLedgerKeys.suppressed(tenant, `${id}@example.org`).pk] },
  { attribute: 'pk', tag: 'STATS', keysOf: (tenant) => [statsKeys.day(tenant, '2025-03-09').pk, statsKeys.digest(tenant).pk] },
  { attribute: 'pk', tag: 'RATE', keysOf: (tenant, id) => [rateLimitKeys(tenant, id, 60, 0).pk] },
  { attribute: 'pk', tag: 'LOGIN', keysOf: (tenant, id) => [staffKeys.loginLink(tenant, id).pk] },
  {
    attribute: 'pk',
    tag: 'STAFF',
    keysOf: (tenant) => [staffKeys.sessionSecret(tenant).pk, staffKeys.team(tenant).pk, staffKeys.sections(tenant).pk],
  },
  { attribute: 'pk', tag: 'MISSION', keysOf: (tenant, id) => [missionKeys.mission(tenant, id).pk, missionKeys.ledger(tenant, id, id).pk] },
  { attribute: 'pk', tag: 'SIGNUP', keysOf: (tenant, id) => [missionKeys.signUp(tenant, id).pk] },
  { attribute: 'pk', tag: 'WISH', keysOf: (tenant, id) => [wishKeys.wish(tenant, id).pk] },
  { attribute: 'pk', tag: 'ORIENTATION', keysOf: (tenant, id) => [wishKeys.orientation(tenant, id).pk] },
  {
    attribute: 'gsi1pk',
    tag: 'WISHES',
    keysOf: (tenant, id) => [wishKeys.statusList(tenant, 'open'), wishKeys.byStatus(tenant, 'open', '2025-03-02T09:00:00.000Z', id).gsi1pk],
  },
  {
    attribute: 'gsi1pk',
    tag: 'MISSIONS',
    keysOf: (tenant, id) => [
      missionKeys.missionsByStatusList(tenant, 'published'),
      missionKeys.missionByStatus(tenant, 'published', '2025-03-02T09:00:00.000Z', id).gsi1pk,
    ],
  },
  {
    attribute: 'gsi1pk',
    tag: 'SHIFTS_BY_START',
    keysOf: (tenant, id) => [
      missionKeys.shiftsByStartList(tenant),
      missionKeys.shiftByStart(tenant, '2025-03-09T06:00:00.000Z', id, id).gsi1pk,
    ],
  },
  {
    attribute: 'gsi1pk',
    tag: 'SHIFT_SIGNUPS',
    keysOf: (tenant, id) => [
      missionKeys.shiftSignUpsList(tenant, id, id),
      missionKeys.shiftSignUp(tenant, id, id, '2025-03-02T09:00:00.000Z', id).gsi1pk,
    ],
  },
  {
    attribute: 'pk',
    tag: 'CAMPAIGN',
    keysOf: (tenant, id) => [
      campaignKeys.counters(tenant, 'masques').pk,
      campaignKeys.event({ tenantId: tenant, campaignId: 'masques', at: '2025-03-09T10:00:00.000Z', id }).pk,
    ],
  },
  {
    attribute: 'pk',
    tag: 'VOLUNTEER',
    keysOf: (tenant, id) => [
      campaignKeys.volunteer(tenant, 'masques', id).pk,
      campaignKeys.event({ tenantId: tenant, campaignId: 'masques', volunteerId: id, at: '2025-03-09T10:00:00.000Z', id }).pk,
    ],
  },
  {
    attribute: 'gsi1pk',
    tag: 'CAMPAIGN_EVENTS',
    keysOf: (tenant, id) => [
      campaignKeys.eventIndex({ tenantId: tenant, campaignId: 'masques', at: '2025-03-09T10:00:00.000Z', id }).gsi1pk,
    ],
  },
  {
    attribute: 'gsi1pk',
    tag: 'VOLUNTEERS',
    keysOf: (tenant, id) => [
      campaignKeys.volunteerIndex({ tenantId: tenant, campaignId: 'masques', createdAt: '2025-03-09T10:00:00.000Z', id }).gsi1pk,
    ],
  },
  { attribute: 'pk', tag: 'LISTING', keysOf: (tenant, id) => [listingKeys.listing(tenant, id).pk] },
  { attribute: 'pk', tag: 'LISTINGZONE', keysOf: (tenant, id) => [listingKeys.zoneCell(tenant, { depth: 20, prefix: 0xabcde }, id).pk] },
  { attribute: 'pk', tag: 'LISTINGCOMMUNE', keysOf: (tenant, id) => [listingKeys.zoneCommune(tenant, '79191', id).pk] },
  {
    attribute: 'gsi1pk',
    tag: 'LISTINGS',
    keysOf: (tenant, id) => [
      listingKeys.statusIndex({ tenantId: tenant, id, status: 'published', createdAt: '2025-03-02T09:00:00.000Z' }).gsi1pk,
    ],
  },
  {
    attribute: 'gsi1pk',
    tag: 'LISTING_MODERATION',
    keysOf: (tenant, id) => [
      listingKeys.statusIndex({ tenantId: tenant, id, status: 'pending_moderation', createdAt: '2025-03-02T09:00:00.000Z' }).gsi1pk,
    ],
  },
  {
    attribute: 'gsi1pk',
    tag: 'LISTING_STATUS',
    keysOf: (tenant, id) => [
      listingKeys.statusIndex({ tenantId: tenant, id, status: 'closed', createdAt: '2025-03-02T09:00:00.000Z' }).gsi1pk,
      listingKeys.statusIndex({ tenantId: tenant, id, status: 'published', paused: true, createdAt: '2025-03-02T09:00:00.000Z' }).gsi1pk,
    ],
  },
  {
    attribute: 'gsi2pk',
    tag: 'LISTING_SECTION',
    keysOf: (tenant, id) => [
      listingKeys.sectionIndex({ tenantId: tenant, id, status: 'published', section: 'paques', createdAt: '2025-03-02T09:00:00.000Z' })
        .gsi2pk!,
    ],
  },
  { attribute: 'gsi1pk', tag: 'PUBLISHED', keysOf: (tenant, id) => [publishedIndexKeys(post({ tenantId: tenant, id })).gsi1pk] },
  {
    attribute: 'gsi1pk',
    tag: 'MODERATION',
    keysOf: (tenant, id) =>
      (['pending_moderation', 'hidden'] as const).map((status) => statusIndexKeys(post({ tenantId: tenant, id, status })).gsi1pk),
  },
  {
    attribute: 'gsi1pk',
    tag: 'STATUS',
    keysOf: (tenant, id) =>
      (['pending_verification', 'rejected', 'closed', 'deleted'] as const).map(
        (status) => statusIndexKeys(post({ tenantId: tenant, id, status })).gsi1pk,
      ),
  },
  {
    attribute: 'gsi1pk',
    tag: 'FOLLOWUP_DUE',
    keysOf: (tenant, id) => [relayKeys.followUpDue(tenant, '2025-03-09T10:00:00.000Z', id).gsi1pk],
  },
  {
    attribute: 'gsi1pk',
    tag: 'FLAGGED_CONVERSATIONS',
    keysOf: (tenant, id) => [relayKeys.reportIndex(tenant, '2025-03-09T10:00:00.000Z', id, id).gsi1pk],
  },
  {
    attribute: 'gsi1pk',
    tag: 'FLAGGED_MAIL',
    keysOf: (tenant, id) => [mailLedgerKeys.undeliverableIndex(tenant, '2025-03-09T10:00:00.000Z', id).gsi1pk],
  },
  { attribute: 'gsi2pk', tag: 'SECTION', keysOf: (tenant) => [sectionIndexKeys(post({ tenantId: tenant, section: 'jardins' })).gsi2pk!] },
  {
    attribute: 'gsi2pk',
    tag: 'MISSIONS_NEAR',
    keysOf: (tenant, id) => [missionKeys.missionsNearList(tenant, 0x1a2b), missionKeys.missionNear(tenant, 0x1a2b000000123, id).gsi2pk],
  },
];

describe('keys of different tenants and families never meet', () => {
  it('each family has its own tag in each key attribute, and no tag holds the separator', () => {
    for (const attribute of ['pk', 'gsi1pk', 'gsi2pk'] as const) {
      const tags = partitions.filter((family) => family.attribute === attribute).map((family) => family.tag);
      expect(new Set(tags).size).toBe(tags.length);
    }
    for (const { tag } of partitions) expect(tag).not.toContain('#');
  });

  it('a key names its tenant and its family in its first segments, whatever the tenant and the ids', () => {
    fc.assert(
      fc.property(tenantId, tenantId, postId, (owner, other, id) => {
        fc.pre(owner !== other);
        for (const { tag, keysOf } of partitions) {
          for (const key of keysOf(owner, id)) {
            const [marker, tenant, family] = key.split('#');
            expect([marker, tenant, family]).toEqual(['T', owner, tag]);
            // e.g. "paris" and "paris-centre": one is never a prefix of the other's keys.
            expect(key.startsWith(tenantKeyPrefix(other))).toBe(false);
          }
        }
      }),
    );
  });

  it('items sharing a partition keep apart by their sort keys, whatever the ids', () => {
    fc.assert(
      fc.property(tenantId, postId, postId, (tenant, id, other) => {
        const conversationItems = [
          relayKeys.conversation(tenant, id, other).sk,
          relayKeys.followUp(tenant, id).sk,
          relayKeys.report(tenant, id, other, 'author').sk,
          relayKeys.report(tenant, id, other, 'resident').sk,
          mailLedgerKeys.undeliverable(tenant, id).sk,
        ];
        expect(new Set(conversationItems).size).toBe(conversationItems.length);
        expect(alertMatchKeys(tenant, id, other).sk).not.toBe(alertKeys(tenant, id).sk);
        expect(statsKeys.day(tenant, '2025-03-09').sk).not.toBe(statsKeys.digest(tenant).sk);
        expect(missionKeys.ledger(tenant, id, other).sk).not.toBe(missionKeys.mission(tenant, id).sk);
        const at = '2025-03-09T10:00:00.000Z';
        expect(campaignKeys.event({ tenantId: tenant, campaignId: 'masques', at, id }).sk).not.toBe(
          campaignKeys.counters(tenant, 'masques').sk,
        );
        expect(campaignKeys.event({ tenantId: tenant, campaignId: 'masques', volunteerId: other, at, id }).sk).not.toBe(
          campaignKeys.volunteer(tenant, 'masques', other).sk,
        );
      }),
    );
  });

  it('nearbySortRange holds every post of its geohashes, and none outside', () => {
    const z = fc.integer({ min: 0, max: 2 ** 52 - 1 });
    fc.assert(
      fc.property(z, z, z, postId, (a, b, point, id) => {
        const range = { lo: Math.min(a, b), hi: Math.max(a, b) };
        const { from, to } = nearbySortRange(range);
        const key = nearbySortKey(point, id);
        expect(key >= from && key <= to).toBe(point >= range.lo && point <= range.hi);
      }),
    );
  });

  it('followUpsDueBy covers every follow-up due at that time, and none due later', () => {
    fc.assert(
      fc.property(postId, (id) => {
        const bound = relayKeys.followUpsDueBy('2025-03-09T10:00:00.000Z');
        expect(relayKeys.followUpDue(t, '2025-03-09T10:00:00.000Z', id).gsi1sk <= bound).toBe(true);
        expect(relayKeys.followUpDue(t, '2025-03-09T10:00:00.001Z', id).gsi1sk <= bound).toBe(false);
      }),
    );
  });

  it('sort published posts by publication time, whatever the ids', () => {
    const earlier = publishedIndexKeys({ tenantId: 't', id: 'zzzzzzzz', publishedAt: '2025-03-02T09:00:00.000Z', createdAt: '' });
    const later = publishedIndexKeys({ tenantId: 't', id: 'aaaaaaaa', publishedAt: '2025-03-02T09:00:01.000Z', createdAt: '' });
    expect(later.gsi1sk > earlier.gsi1sk).toBe(true);
  });

  it('are built in keys.ts only: no other source of the store builds on the tenant prefix', () => {
    const sources = readdirSync(__dirname).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'keys.ts');
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = readFileSync(join(__dirname, file), 'utf8');
      expect({ file, builds: /\$\{tenantKeyPrefix\(|['`]T#\$\{/.test(text) }).toEqual({ file, builds: false });
    }
  });
});
