import { forEachTenant, staffDigestJob, type PostStore } from '@entraide/core';
import { localTableName } from '@entraide/dynamodb-store';
import { buildAdapters } from '@entraide/functions/shared/adapters';
import { localDocClient, localSesClient } from '../../packages/local/src/embedded-servers.js';
import { startTestPlatform, verificationLink, type TestPlatform } from '../support/platform.js';

/** The staff digest through the same registry as the scheduled-jobs function: `POST /_local/jobs/digest?tenant=`. */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.cleanUp();
});

let counter = 0;
async function publish(tenantId: string, location: { lat: number; lon: number }, title: string) {
  const email = `digest${++counter}@example.org`;
  const body = { kind: 'offer', category: 'groceries', title, description: 'Le samedi matin.', location, author: { name: 'Ana', email } };
  const created = await platform.api(tenantId, '/posts', { method: 'POST', body });
  expect(created.status).toBe(201);
  const { token } = await verificationLink(platform, email);
  await platform.api(tenantId, `/posts/${created.body.id}/verify`, { method: 'POST', body: { token } });
  return created.body.id as string;
}

async function runJob(tenantId: string) {
  const response = await fetch(`${platform.url}/_local/jobs/digest?tenant=${tenantId}`, { method: 'POST' });
  return { status: response.status, body: (await response.json()) as any };
}

const digestsTo = async (address: string) =>
  (await platform.outbox()).filter((mail) => mail.destination.to.includes(address) && mail.subject.includes('le résumé du jour'));

describe('the staff digest', () => {
  it('mails each staff address of a tenant with activity: new posts with links to the staff page, in French', async () => {
    const id = await publish('courbevoie', { lat: 48.8975, lon: 2.2525 }, 'Courses <du> samedi');
    const run = await runJob('courbevoie');
    expect(run.status).toBe(200);
    expect(run.body.summary).toMatchObject({ mailsSent: 2, nothingToSay: false, newPosts: 1 });

    const [mail] = await digestsTo('staff@courbevoie.example');
    expect(mail).toBeDefined();
    expect((await digestsTo('admin@courbevoie.example')).length).toBe(1);
    expect(mail!.body.text).toContain('Nouvelles annonces : 1');
    expect(mail!.body.text).toContain('Courses <du> samedi');
    expect(mail!.body.text).toContain(`${platform.url}/t/courbevoie/equipe.html?post=${id}#moderation`);
    expect(mail!.body.html).toContain('Courses &lt;du&gt; samedi');
    expect(mail!.body.html).not.toContain('<du>');
    expect(mail!.body.html).toContain('0 signalement');
    expect(mail!.body.html).toContain('0 mise en relation');

    // What was said is not said again: the next run has nothing new.
    const again = await runJob('courbevoie');
    expect(again.body.summary).toMatchObject({ mailsSent: 0, nothingToSay: true });
    expect((await digestsTo('staff@courbevoie.example')).length).toBe(1);

    // A resident contacts the author through the relay (issue 4): the relay's counter feeds the next digest.
    const contact = await platform.api('courbevoie', `/posts/${id}/contact`, {
      method: 'POST',
      body: { name: 'Bruno', email: 'bruno@example.org', message: 'Bonjour, je peux vous aider samedi.' },
    });
    expect(contact.status).toBe(202);
    const afterContact = await runJob('courbevoie');
    expect(afterContact.body.summary).toMatchObject({ nothingToSay: false, newPosts: 0 });
    const latest = (await digestsTo('staff@courbevoie.example')).at(-1)!;
    expect(latest.body.text).toContain('1 mise en relation');
    expect(latest.body.text).toContain('Nouvelles annonces : 0');
  });

  it('sends nothing for a tenant with no activity', async () => {
    const run = await runJob('bourg-la-reine');
    expect(run.body.summary).toMatchObject({ mailsSent: 0, nothingToSay: true, newPosts: 0, awaitingModeration: 0 });
    expect(await digestsTo('staff@bourg-la-reine.example')).toEqual([]);
  });

  it('tells staff of posts awaiting moderation (paris moderates before publication)', async () => {
    await publish('paris', { lat: 48.857, lon: 2.353 }, 'Aide aux devoirs');
    const run = await runJob('paris');
    expect(run.body.summary).toMatchObject({ awaitingModeration: 1 });
    const [mail] = await digestsTo('staff@paris.example');
    expect(mail!.body.text).toContain('1 annonce à relire');
    expect(mail!.body.text).toContain('Aide aux devoirs');
  });

  it('answers 404 to an unknown tenant', async () => {
    expect((await runJob('atlantis')).status).toBe(404);
  });

  it('goes on with the next tenant when one fails', async () => {
    await publish('mulhouse', { lat: 47.7508, lon: 7.3359 }, 'Studio pour soignant');
    const documentClient = localDocClient(platform.dynamoEndpoint);
    const sesClient = localSesClient(platform.sesEndpoint);
    const depsOf = (tenantId: string) => {
      const tenant = platform.tenants.find((candidate) => candidate.id === tenantId)!;
      const adapters = buildAdapters({
        tenantId,
        tableName: localTableName(tenantId),
        mailFrom: 'Entraide <ne-pas-repondre@entraide.example>',
        documentClient,
        sesClient,
      });
      return { tenant, siteUrl: platform.url, ...adapters };
    };
    const broken = depsOf('namur');
    const failingQueries = {
      ...broken.staffPosts,
      listCreatedBetween: async () => {
        throw new Error('namur table unavailable');
      },
      listForModeration: broken.staffPosts.listForModeration,
    } satisfies typeof broken.staffPosts;
    const outcomes = await forEachTenant(['namur', 'mulhouse'], (tenantId) =>
      staffDigestJob(tenantId === 'namur' ? { ...broken, staffPosts: failingQueries, store: broken.store as PostStore } : depsOf(tenantId)),
    );
    documentClient.destroy();
    sesClient.destroy();
    expect(outcomes.map((outcome) => [outcome.tenantId, outcome.ok])).toEqual([
      ['namur', false],
      ['mulhouse', true],
    ]);
    expect(outcomes[0]!.error).toContain('namur table unavailable');
    expect((await digestsTo('staff@mulhouse.example')).length).toBe(1);
  });
});
