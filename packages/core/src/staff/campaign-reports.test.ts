import {
  campaignService,
  digestMail,
  operatorReport,
  reportText,
  staffDigestJob,
  staffReportService,
  tenantFigures,
  staffLinks,
  type StaffSession,
} from '@entraide/core';
import {
  CapturingMailer,
  FixedClock,
  MemoryCampaignStore,
  MemoryPostStore,
  MemoryStaffPostQueries,
  MemoryStatsStore,
  SequenceRandom,
} from '../../../../test/support/core-fakes.js';
import { campaignTenant, campaignVolunteer } from '../../../../test/support/tenants.js';

const tenant = campaignTenant();
const staff: StaffSession = {
  tenantId: tenant.id,
  email: 'staff@courbevoie.example',
  role: 'staff',
  expiresAt: new Date('2099-01-01T00:00:00.000Z'),
};
const admin: StaffSession = { ...staff, email: 'dpo@courbevoie.example', role: 'admin' };

/**
 * Anne takes 2 kits on 2 March and brings nothing back; Bilal takes 1 on 14 March and returns 30
 * masks the same day; we are on 15 March: Anne is due a reminder (more than 10 days), yesterday
 * saw 1 kit out and 30 masks back.
 */
async function campaignWithActivity() {
  const store = new MemoryCampaignStore();
  const clock = new FixedClock();
  const random = new SequenceRandom();
  await store.insertVolunteer(campaignVolunteer('vol-anne-0001', { name: '=1+1 Anne' }));
  await store.insertVolunteer(campaignVolunteer('vol-bilal-002', { pickupPoint: 'mediatheque', phone: '06 12 34 56 78' }));
  const kits = campaignService({ tenant, store, clock, random });
  await kits.receiveStock('masques', { kits: 10 });
  await kits.handOut('masques', 'vol-anne-0001', { kits: 2, pickupPoint: 'hotel-de-ville' });
  clock.advanceDays(12);
  await kits.handOut('masques', 'vol-bilal-002', { kits: 1, pickupPoint: 'mediatheque' });
  await kits.recordReturn('masques', 'vol-bilal-002', { items: 30, unusedKits: 0, pickupPoint: 'mediatheque' });
  clock.advanceDays(1);
  return { store, clock, random };
}

/** The staff digest of `tenant` with no posts, on these campaigns: what it says and to whom. */
async function digestOf(campaignStore: MemoryCampaignStore, clock: FixedClock, random: SequenceRandom) {
  const posts = new MemoryPostStore();
  const mailer = new CapturingMailer();
  const outcome = await staffDigestJob({
    tenant,
    store: posts,
    staffPosts: new MemoryStaffPostQueries(posts),
    stats: new MemoryStatsStore(),
    mailer,
    clock,
    siteUrl: 'https://entraide.example',
    campaignStore,
    random,
  });
  return { outcome, mailer };
}

describe('a campaign’s figures in the staff’s reports', () => {
  it('the digest gives each campaign’s figures, yesterday’s and the volunteers to remind, with the counter’s link', async () => {
    const { store, clock, random } = await campaignWithActivity();
    const { outcome, mailer } = await digestOf(store, clock, random);
    expect(outcome).toMatchObject({ sent: 1, empty: false });
    const counter = 'https://entraide.example/t/courbevoie/comptoir.html?campagne=masques';
    expect(mailer.sent[0]!.text).toContain(
      `  • Couture de masques : 3 kits remis, 7 en stock, 3 chez les bénévoles ; 30 masques en tissu rendus sur 105 attendus (29 %), 0 déclarés ; 2 bénévoles ; hier : 1 kit remis, 30 rendus ; 1 bénévole à relancer – ${counter}`,
    );
    expect(mailer.sent[0]!.html).toContain(`<a href="${counter}">Couture de masques</a>`);
  });

  it('the digest has nothing to say of a campaign where nothing happened yesterday and no one is due a reminder', async () => {
    const { outcome } = await digestOf(new MemoryCampaignStore(), new FixedClock(), new SequenceRandom());
    expect(outcome).toMatchObject({ sent: 0, empty: true });
  });

  it('escapes a campaign’s title in the digest’s HTML', () => {
    const campaign = {
      id: 'masques',
      title: '<img src=x onerror=alert(1)>',
      makes: 'masques',
      figures: {
        kitsHandedOut: 1,
        kitsInStock: 0,
        kitsOut: 1,
        itemsExpected: 35,
        itemsDeclared: 0,
        itemsReturned: 0,
        returnRate: 0,
        volunteers: 1,
      },
      yesterday: { kitsHandedOut: 1, itemsReturned: 0 },
      remindersDue: 0,
    };
    const mail = digestMail(
      tenant,
      'staff@courbevoie.example',
      {
        tenantName: tenant.name,
        since: '2025-03-14T07:00:00.000Z',
        until: '2025-03-15T07:00:00.000Z',
        newPosts: [],
        newPostsByCategory: [],
        awaitingModeration: { count: 0, more: false, first: [] },
        reports: 0,
        reportedConversations: 0,
        connections: 0,
        missionsFull: 0,
        bouncedAddresses: 0,
        drawingsAwaiting: 0,
        recognitionsAwaiting: 0,
        campaigns: [campaign],
      },
      staffLinks('https://entraide.example', tenant.id),
    );
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('the CSV: per volunteer (names and phones for admins only), per day and per pick-up point, each with its total', async () => {
    const { store, clock, random } = await campaignWithActivity();
    const reports = staffReportService({
      tenant,
      clock,
      stats: new MemoryStatsStore(),
      staffPosts: new MemoryStaffPostQueries(new MemoryPostStore()),
      campaignStore: store,
      random,
    });
    const lines = (text: string) =>
      text
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean);

    const byVolunteer = await reports.exportCampaign(staff, 'masques', { rows: 'volunteer' });
    expect(byVolunteer.fileName).toBe('entraide-courbevoie-masques-volunteer-2025-03-15.csv');
    expect(lines(byVolunteer.text)).toEqual([
      'identifiant;point de retrait;dernière remise;relance due;kits remis;kits rendus non utilisés;kits en cours;pièces attendues;pièces déclarées;pièces rendues;taux de retour',
      'vol-anne-0001;Hôtel de ville;02/03/2025 10:00;oui;2;0;2;70;0;0;0',
      'vol-bilal-002;Médiathèque;14/03/2025 10:00;non;1;0;1;35;0;30;0,857',
      'total;;;;3;0;3;105;0;30;0,286',
    ]);
    await expect(reports.exportCampaign(staff, 'masques', { rows: 'volunteer', personalData: 'true' })).rejects.toMatchObject({
      status: 403,
      code: 'admin_only',
    });
    const withNames = lines((await reports.exportCampaign(admin, 'masques', { rows: 'volunteer', personalData: 'true' })).text);
    expect(withNames[0]).toContain('relance due;nom;téléphone;kits remis');
    // A name a spreadsheet would run as a formula is written as text.
    expect(withNames[1]).toBe("vol-anne-0001;Hôtel de ville;02/03/2025 10:00;oui;'=1+1 Anne;;2;0;2;70;0;0;0");
    expect(withNames[2]).toContain(';Bénévole vol-bilal-002;06 12 34 56 78;1;');

    expect(lines((await reports.exportCampaign(staff, 'masques', { rows: 'day' })).text)).toEqual([
      'jour;kits remis;kits rendus non utilisés;kits en cours;pièces attendues;pièces déclarées;pièces rendues;taux de retour',
      '02/03/2025;2;0;2;70;0;0;0',
      '14/03/2025;1;0;1;35;0;30;0,857',
      'total;3;0;3;105;0;30;0,286',
    ]);
    expect(lines((await reports.exportCampaign(staff, 'masques', { rows: 'pickupPoint' })).text).slice(1)).toEqual([
      'Hôtel de ville;2;0;2;70;0;0;0',
      'Médiathèque;1;0;1;35;0;30;0,857',
      'total;3;0;3;105;0;30;0,286',
    ]);
    await expect(reports.exportCampaign(staff, 'nope', { rows: 'day' })).rejects.toMatchObject({ status: 404 });
  });

  it('the operator’s report counts every campaign’s kits handed out and items returned', async () => {
    const { store, clock, random } = await campaignWithActivity();
    const figures = await campaignService({ tenant, store, clock, random }).figures('masques');
    const report = operatorReport([tenantFigures(tenant, {}, [figures])], clock.now());
    expect(report.totals).toMatchObject({ kitsHandedOut: 3, itemsReturned: 30 });
    expect(reportText(report)).toMatch(/kits remis\s+pièces rendues\s/);
    expect(reportText(report)).toMatch(/Ville de Courbevoie\s+commune\s+0\s+0\s+0\s+0\s+0\s+0\s+3\s+30\s/);
  });
});
