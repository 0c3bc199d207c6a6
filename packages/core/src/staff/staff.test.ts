import { randomBytes } from 'node:crypto';
import type { Mailer, OutgoingMail } from '../mail/index.js';
import { staffLinks, type RateLimiter } from '../shared/index.js';
import { daysBetween, statsFromDays } from '../stats/index.js';
import { dayIn } from '../tenant/index.js';
import { digestIsEmpty, digestMail, type DigestContent } from './staff-digest-job.js';
import type { SessionSigner, StaffAccessStore, StaffSession, StaffTeam } from './ports.js';
import { staffTeamService } from './team-service.js';
import { csvCell, csvRow, excelDateTime, freeText } from './post-csv.js';
import { staffAccessService, loginAnswerFloorMs, loginLinkMinutes } from './staff-access-service.js';
import { personalDataHints } from './staff-post-view.js';
import { parseTenantConfig } from '../tenant/index.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';

const tenant = courbevoieTenant({ adminEmails: ['dpo@courbevoie.example'], categories: ['groceries', 'other'] });

describe('tenant config: staff settings', () => {
  it('gives every new setting a default, so existing tenant files stay valid', () => {
    expect(tenant.reportsToHide).toBe(3);
    expect(tenant.digest).toEqual({
      time: '08:00',
      days: ['MON', 'TUE', 'WED', 'THU', 'FRI'],
      timeZone: 'Europe/Paris',
      sendWhenEmpty: false,
    });
    expect(tenant.rateLimits).toMatchObject({ staffLoginsPerHourPerIp: 10, staffLoginsPerHourPerEmail: 5, reportsPerHourPerIp: 10 });
    expect(tenant.primaryUse).toBe('residents');
  });

  it('refuses a digest time or zone that cannot be scheduled, naming the field', () => {
    expect(() => parseTenantConfig({ ...tenant, digest: { time: '25:00' } }, 'x.json')).toThrow(/digest\.time/);
    expect(() => parseTenantConfig({ ...tenant, digest: { timeZone: 'Europe/Atlantis' } }, 'x.json')).toThrow(/digest\.timeZone/);
  });
});

describe('csv', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+33 6 12', "'+33 6 12"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
  ])('neutralises free text a spreadsheet would run as a formula: %p', (value, expected) => {
    expect(csvCell(freeText(value))).toBe(expected);
  });

  it('an id that starts with - is written as it is: the same in the CSV and in the API', () => {
    expect(csvCell('-Ab3_x9')).toBe('-Ab3_x9');
    expect(csvRow(['-Ab3_x9', freeText('-Ab3_x9')])).toBe("-Ab3_x9;'-Ab3_x9\r\n");
  });

  it('quotes separators, quotes and line breaks, and leaves plain cells alone', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('dit "bonjour"')).toBe('"dit ""bonjour"""');
    expect(csvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(csvCell('Courses')).toBe('Courses');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['a', 1, freeText('=x;y')])).toBe(`a;1;"'=x;y"\r\n`);
  });

  it('writes dates as French Excel reads them, in the tenant’s zone', () => {
    expect(excelDateTime('2026-11-25T08:05:00.000Z', 'Europe/Paris')).toBe('25/11/2026 09:05');
    expect(excelDateTime('2026-07-01T22:30:00.000Z', 'Europe/Paris')).toBe('02/07/2026 00:30');
    expect(excelDateTime(undefined, 'Europe/Paris')).toBe('');
  });
});

describe('personal data hints', () => {
  it.each(['appelez le 06 12 34 56 78', 'tel: 06.12.34.56.78', '+33 6 12 34 56 78', '0033612345678', '+32 470 12 34 56'])(
    'sees a phone number in %p',
    (text) => {
      expect(personalDataHints(text)).toContain('phone');
    },
  );

  it('sees an email address, and nothing in plain text with numbers', () => {
    expect(personalDataHints('écrivez à ana@example.org')).toEqual(['email']);
    expect(personalDataHints('2 sacs de 10 kg, le 12 mai à 14 h, code postal 92400')).toEqual([]);
  });
});

describe('stats', () => {
  it('sums day counters over a period, with every day listed, zeros included', () => {
    const stats = statsFromDays('2026-11-23', '2026-11-25', [
      {
        day: '2026-11-23',
        counts: { 'posts.created': 2, 'posts.created.kind.offer': 2, 'posts.created.category.groceries': 2, connections: 1 },
      },
      {
        day: '2026-11-25',
        counts: { 'posts.created': 1, 'posts.created.kind.request': 1, 'posts.status.published': 1, 'followup.yes': 1, reports: 2 },
      },
    ]);
    expect(stats.posts).toMatchObject({
      created: 3,
      byKind: { offer: 2, request: 1 },
      byCategory: { groceries: 2 },
      byStatus: { published: 1 },
    });
    expect(stats).toMatchObject({ connections: 1, reports: 2, helpHappened: { yes: 1 } });
    expect(stats.perDay.map((day) => [day.day, day.postsCreated])).toEqual([
      ['2026-11-23', 2],
      ['2026-11-24', 0],
      ['2026-11-25', 1],
    ]);
  });

  it('counts days in the tenant’s zone (a post at 23:30 UTC in winter is the next day in Paris)', () => {
    expect(dayIn('Europe/Paris', new Date('2026-11-25T23:30:00Z'))).toBe('2026-11-26');
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});

describe('staff access', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  function setup() {
    const links = new Map<string, { email: string; expiresAt: string }>();
    const store: StaffAccessStore = {
      saveLoginLink: async (link) => void links.set(link.tokenHash, { email: link.email, expiresAt: link.expiresAt }),
      takeLoginLink: async (_tenant, hash) => {
        const link = links.get(hash);
        links.delete(hash);
        return link;
      },
      sessionSecret: async (_tenant, candidate) => candidate,
      team: async () => storedTeam && structuredClone(storedTeam),
      saveTeam: async (next, expectedVersion) => {
        if ((storedTeam?.version ?? 0) !== expectedVersion) return false;
        storedTeam = structuredClone(next);
        return true;
      },
    };
    let storedTeam: StaffTeam | undefined;
    const sent: OutgoingMail[] = [];
    const mailer: Mailer = { send: async (mail) => void sent.push(mail) };
    const signer: SessionSigner = {
      sign: async (session) => `signed|${session.email}|${session.role}`,
      verify: async (token): Promise<StaffSession | 'invalid' | 'other_tenant'> => {
        const [, email, role] = token.split('|');
        if (token.startsWith('paris|')) return 'other_tenant';
        return email && role ? { tenantId: 'courbevoie', email, role: role as 'staff', expiresAt: now } : 'invalid';
      },
    };
    const limiter: RateLimiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
    const clock = {
      current: now,
      now() {
        return this.current;
      },
    };
    const waits: number[] = [];
    let secrets = 0;
    const access = staffAccessService({
      tenant,
      staffAccess: store,
      signer,
      mailer,
      clock,
      random: {
        id: () => 'id',
        secret: () => `secret-${++secrets}-abcdefghijklmnop`,
        fraction: () => 0.5,
        bytes: (count) => randomBytes(count),
      },
      rateLimiter: limiter,
      siteUrl: 'https://entraide.example',
      sleep: async (ms) => void waits.push(ms),
    });
    const team = staffTeamService({ tenant, staffAccess: store, clock });
    return { access, sent, clock, waits, team };
  }

  it('mails staff and admins a link, and makes everyone else wait as long for the same silence', async () => {
    const { access, sent, waits } = setup();
    await access.requestLogin('someone@example.org', { sourceIp: '192.0.2.1' });
    await access.requestLogin('DPO@courbevoie.example', { sourceIp: '192.0.2.1' });
    expect(sent.map((mail) => mail.to)).toEqual(['dpo@courbevoie.example']);
    expect(sent[0]!.text).toContain(staffLinks('https://entraide.example', 'courbevoie').login('secret-1-abcdefghijklmnop'));
    expect(waits).toHaveLength(2);
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(loginAnswerFloorMs);
  });

  it('opens a session with the role of the address, once, and not after the link’s minutes', async () => {
    const { access, clock } = setup();
    await access.requestLogin('dpo@courbevoie.example', { sourceIp: '192.0.2.1' });
    const session = await access.openSession('secret-1-abcdefghijklmnop');
    expect(session.session).toBe('signed|dpo@courbevoie.example|admin');
    await expect(access.openSession('secret-1-abcdefghijklmnop')).rejects.toMatchObject({ status: 401 });

    await access.requestLogin('staff@courbevoie.example', { sourceIp: '192.0.2.1' });
    clock.current = new Date(now.getTime() + loginLinkMinutes * 60_000);
    await expect(access.openSession('secret-2-abcdefghijklmnop')).rejects.toMatchObject({ status: 401, code: 'invalid_login_link' });
  });

  it('refuses another tenant’s session with 403, and a bad or missing one with 401', async () => {
    const { access } = setup();
    await expect(access.authenticate('Bearer paris|staff@paris.example|staff')).rejects.toMatchObject({ status: 403 });
    await expect(access.authenticate('Bearer nonsense-but-long-enough')).rejects.toMatchObject({ status: 401 });
    await expect(access.authenticate(undefined)).rejects.toMatchObject({ status: 401 });
    // An address taken out of the tenant config loses access at once, session or not.
    await expect(access.authenticate('Bearer signed|former@courbevoie.example|staff')).rejects.toMatchObject({ status: 401 });
    await expect(access.authenticate('Bearer signed|staff@courbevoie.example|staff')).resolves.toMatchObject({ role: 'staff' });
  });

  it('admins add and remove colleagues without a redeploy: a removed address’s session is refused on its next request', async () => {
    const { access, team, sent } = setup();
    const admin = await access.authenticate('Bearer signed|dpo@courbevoie.example|admin');
    const colleague = 'Bearer signed|nouvelle@courbevoie.example|staff';
    await expect(access.authenticate(colleague)).rejects.toMatchObject({ status: 401 });
    const added = await team.change(admin, { email: 'Nouvelle@Courbevoie.example', role: 'staff' });
    expect(added).toMatchObject({ source: 'staff_space' });
    expect(added.members).toContainEqual({ email: 'nouvelle@courbevoie.example', role: 'staff' });
    await expect(access.authenticate(colleague)).resolves.toMatchObject({ role: 'staff' });
    await access.requestLogin('nouvelle@courbevoie.example', { sourceIp: '192.0.2.1' });
    expect(sent.map((mail) => mail.to)).toEqual(['nouvelle@courbevoie.example']);

    const removed = await team.change(admin, { email: 'nouvelle@courbevoie.example', role: 'removed' });
    expect(removed.audit.map((entry) => [entry.by, entry.email, entry.role])).toEqual([
      ['dpo@courbevoie.example', 'nouvelle@courbevoie.example', 'removed'],
      ['dpo@courbevoie.example', 'nouvelle@courbevoie.example', 'staff'],
    ]);
    await expect(access.authenticate(colleague)).rejects.toMatchObject({ status: 401 });
    expect(removed.members.map((member) => member.email)).not.toContain('nouvelle@courbevoie.example');
  });

  it('lets only admins manage the team, keeps its last admin, and applies two changes made at once', async () => {
    const { access, team } = setup();
    const admin = await access.authenticate('Bearer signed|dpo@courbevoie.example|admin');
    const staff = await access.authenticate('Bearer signed|staff@courbevoie.example|staff');
    await expect(team.view(staff)).rejects.toMatchObject({ status: 403, code: 'admin_only' });
    await expect(team.change(staff, { email: 'x@courbevoie.example', role: 'admin' })).rejects.toMatchObject({ status: 403 });
    expect((await team.view(admin)).source).toBe('tenant_file');
    await expect(team.change(admin, { email: 'dpo@courbevoie.example', role: 'staff' })).rejects.toMatchObject({
      status: 409,
      code: 'last_admin',
    });
    await Promise.all([
      team.change(admin, { email: 'a@courbevoie.example', role: 'staff' }),
      team.change(admin, { email: 'b@courbevoie.example', role: 'admin' }),
    ]);
    expect((await team.view(admin)).members).toEqual(
      expect.arrayContaining([
        { email: 'a@courbevoie.example', role: 'staff' },
        { email: 'b@courbevoie.example', role: 'admin' },
        { email: 'dpo@courbevoie.example', role: 'admin' },
      ]),
    );
  });
});

describe('digest mail', () => {
  const empty: DigestContent = {
    tenantName: tenant.name,
    since: '2026-11-24T07:00:00.000Z',
    until: '2026-11-25T07:00:00.000Z',
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
    campaigns: [],
  };

  it('has nothing to say when nothing happened, and something as soon as one figure moves', () => {
    expect(digestIsEmpty(empty)).toBe(true);
    expect(digestIsEmpty({ ...empty, bouncedAddresses: 1 })).toBe(false);
    expect(digestIsEmpty({ ...empty, connections: 2 })).toBe(false);
    expect(digestIsEmpty({ ...empty, reportedConversations: 1 })).toBe(false);
    expect(digestIsEmpty({ ...empty, drawingsAwaiting: 1 })).toBe(false);
    expect(digestIsEmpty({ ...empty, recognitionsAwaiting: 1 })).toBe(false);
  });

  it('says how many drawings wait for staff, linked to the staff page’s drawings', () => {
    const mail = digestMail(
      tenant,
      'staff@courbevoie.example',
      { ...empty, drawingsAwaiting: 3 },
      staffLinks('https://entraide.example', 'courbevoie'),
    );
    expect(mail.text).toContain('3 dessins à relire : https://entraide.example/t/courbevoie/equipe.html#dessins');
    expect(digestMail(tenant, 'staff@courbevoie.example', empty, staffLinks('https://entraide.example', 'courbevoie')).text).not.toContain(
      'dessin',
    );
  });

  it('says how many requests to be recognised as a health worker wait for staff, linked to #soignants', () => {
    const links = staffLinks('https://entraide.example', 'mulhouse');
    const mail = digestMail(tenant, 'staff@mulhouse.example', { ...empty, recognitionsAwaiting: 2 }, links);
    expect(mail.text).toContain(
      '2 demandes de reconnaissance de soignant à lire : https://entraide.example/t/mulhouse/equipe.html#soignants',
    );
    expect(mail.html).toContain('href="https://entraide.example/t/mulhouse/equipe.html#soignants"');
    expect(digestMail(tenant, 'staff@mulhouse.example', empty, links).text).not.toContain('reconnaissance');
  });

  it('links every figure to the staff page and escapes residents’ titles', () => {
    const links = staffLinks('https://entraide.example', 'courbevoie');
    const mail = digestMail(
      tenant,
      'staff@courbevoie.example',
      {
        ...empty,
        newPosts: [{ id: 'post0001', title: '<img src=x onerror=alert(1)>', kind: 'offer', category: 'groceries' }],
        newPostsByCategory: [{ category: 'groceries', kind: 'offer', count: 1 }],
        reports: 2,
        reportedConversations: 1,
        connections: 3,
        bouncedAddresses: 1,
      },
      links,
    );
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    for (const link of [links.moderationQueue, links.reports, links.connections, links.bounces, links.post('post0001')]) {
      expect(mail.text).toContain(link);
      expect(mail.html).toContain(link);
    }
    expect(mail.text).toContain('2 signalements');
    expect(mail.text).toContain(`1 message signalé : ${links.reports}`);
    expect(links.reports).toMatch(/#signalements$/);
    expect(mail.text).toContain('3 mises en relation');
    expect(mail.text).toContain('1 adresse en échec');
    expect(mail.text).toContain('Courses (Je propose) : 1');
  });
});
