import {
  CapturingMailer,
  domainError,
  FixedClock,
  MemoryCampaignStore,
  MemoryDrawingStore,
  MemoryGalleryObjects,
  MemoryPostStore,
  MemoryStaffPostQueries,
  MemoryStatsStore,
  SequenceRandom,
} from '../../../../test/support/core-fakes.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';
import { DomainError, parseInput } from '../shared/index.js';
import { staffReportService, type StaffSession } from '../staff/index.js';
import { statsFromDays } from '../stats/index.js';
import { drawingModerationService } from './drawing-moderation.js';
import { inProcessDrawingProcessor, type DrawingProcessingResult } from './drawing-processing.js';
import { drawingService } from './drawing-service.js';
import { createDrawingSchema, drawingConsentWords, type CreateDrawingInput } from './gallery-schemas.js';
import { uploadObjectKey } from './object-keys.js';
import type { ImageProcessor } from './ports.js';

// The clock's day is 2025-03-02 (FixedClock).
const tenant = courbevoieTenant({
  id: 'bourg-la-reine',
  name: 'Ville de Bourg-la-Reine',
  // Posts are moderated after publication here: drawings are not.
  features: { contactRelay: true, moderation: 'after' },
  sections: [
    { id: 'dessins', type: 'gallery', title: { fr: 'Des dessins pour les soignants', en: 'Drawings for carers' } },
    { id: 'entraide', title: { fr: 'Entraide', en: 'Help' } },
  ],
});
const unlimited = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
const staff: StaffSession = {
  tenantId: tenant.id,
  email: 'staff@bourg-la-reine.example',
  role: 'staff',
  expiresAt: new Date('2030-01-01'),
};
const admin: StaffSession = { ...staff, role: 'admin' };
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const encoded = { bytes: new Uint8Array([1]), width: 800, height: 600 };
const acceptingImages: ImageProcessor = {
  reencode: async () => ({ display: encoded, thumbnail: { ...encoded, width: 400, height: 300 } }),
};

function setup(options: { images?: ImageProcessor } = {}) {
  const store = new MemoryDrawingStore();
  const objects = new MemoryGalleryObjects();
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const stats = new MemoryStatsStore();
  const processor = inProcessDrawingProcessor({ objects, images: options.images ?? acceptingImages });
  let interruptNext = false;
  const deps = {
    tenant,
    drawingStore: store,
    galleryObjects: objects,
    drawingProcessor: {
      process: async (request: Parameters<typeof processor.process>[0]): Promise<DrawingProcessingResult> => {
        const result = await processor.process(request);
        if (interruptNext) {
          interruptNext = false;
          throw new Error('the processing function timed out after storing the images');
        }
        return result;
      },
    },
    mailer,
    clock,
    random: new SequenceRandom(),
    rateLimiter: unlimited,
    siteUrl: 'https://entraide.example/',
    stats,
  };
  const drawings = drawingService(deps);
  const moderation = drawingModerationService(deps);
  const input = (overrides: Partial<CreateDrawingInput> = {}): CreateDrawingInput => ({
    section: 'dessins',
    child: { firstName: 'Léa', age: 6 },
    message: 'Merci aux soignants <3',
    parentEmail: 'parent@example.org',
    consent: true,
    image: { contentType: 'image/jpeg', sizeBytes: jpeg.length },
    ...overrides,
  });
  /** A parent sends a drawing and uploads its image; the token is the mailed link's. */
  async function sent(overrides: Partial<CreateDrawingInput> = {}, bytes: Uint8Array = jpeg) {
    const created = await drawings.create(input(overrides), { sourceIp: '192.0.2.1' });
    objects.put(uploadObjectKey(tenant.id, created.id), bytes);
    const token = /mon-dessin\.html\?drawing=[^&]+&token=([A-Za-z0-9_-]+)&action=verify/.exec(mailer.sent.at(-1)!.text)?.[1];
    if (!token) throw new Error('no link in the mail');
    return { ...created, token };
  }
  return { store, objects, mailer, clock, stats, drawings, moderation, sent, input, interrupt: () => (interruptNext = true) };
}

describe('a parent sends a drawing', () => {
  it('is confirmed by the mailed link, waits for staff though the tenant publishes posts first, then is published newest first', async () => {
    const { drawings, moderation, sent, mailer, objects, clock } = setup();
    const first = await sent();
    expect(first.upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/jpeg', 'content-length': String(jpeg.length) } });
    expect(mailer.sent[0]!.to).toBe('parent@example.org');
    expect(await drawings.verify(first.id, first.token)).toEqual({ id: first.id, status: 'pending_moderation' });
    // Not visible before approval: not listed, not readable by id.
    expect((await drawings.list({ section: 'dessins' })).items).toEqual([]);
    expect((await domainError(drawings.getPublic(first.id))).status).toBe(404);

    const queue = await moderation.queue(staff);
    expect(queue.items.map((item) => [item.id, item.message, item.consent?.words, item.parentEmail])).toEqual([
      [first.id, 'Merci aux soignants <3', drawingConsentWords.fr, ''],
    ]);
    expect((await moderation.queue(admin)).items[0]!.parentEmail).toBe('parent@example.org');
    await moderation.approve(staff, first.id);
    expect(mailer.sent.at(-1)).toMatchObject({ to: 'parent@example.org', subject: expect.stringContaining('publié') });
    expect(mailer.sent.at(-1)!.html).toContain('Le dessin de Léa est publié');

    clock.advanceMinutes(5);
    const second = await sent({ child: {}, message: undefined });
    await drawings.verify(second.id, second.token);
    await moderation.approve(staff, second.id);
    const page = await drawings.list({ section: 'dessins', limit: 1 });
    expect(page.items.map((item) => [item.id, item.alt.fr])).toEqual([[second.id, 'Dessin d’un enfant']]);
    const next = await drawings.list({ section: 'dessins', limit: 1, cursor: page.nextCursor! });
    expect(next.items.map((item) => [item.id, item.alt.fr, item.childAge])).toEqual([[first.id, 'Merci aux soignants <3', 6]]);
    expect(next.nextCursor).toBeNull();
    // Public views never carry the parent's address.
    expect(JSON.stringify([page, next])).not.toContain('parent@');
    // The images were made, the upload is gone.
    // The upload replaced by its empty marker (its URL cannot upload again).
    expect(objects.keysWithBytes().some((key) => key.startsWith('uploads/'))).toBe(false);
  });

  it('alt text without a message: "Dessin de {prénom}, {âge} ans"; the first name escaped in mails', async () => {
    const { drawings, moderation, sent, mailer } = setup();
    const escaped = await sent({ child: { firstName: 'Zoé<img>' } });
    expect(mailer.sent.at(-1)!.html).toContain('Zoé&lt;img&gt;');
    expect(mailer.sent.at(-1)!.html).not.toContain('<img>');
    expect(escaped.status).toBe('pending_verification');
    const drawing = await sent({ message: undefined });
    await drawings.verify(drawing.id, drawing.token);
    await moderation.approve(staff, drawing.id);
    expect((await drawings.getPublic(drawing.id)).alt).toEqual({ fr: 'Dessin de Léa, 6 ans', en: 'Drawing by Léa, aged 6' });
  });

  it('refuses a drawing without consent or of another section, naming the field, storing nothing', async () => {
    const { drawings, store, input } = setup();
    const withoutConsent = { ...input(), consent: false };
    expect(() => parseInput(createDrawingSchema, withoutConsent)).toThrow(DomainError);
    const error = (() => {
      try {
        parseInput(createDrawingSchema, withoutConsent);
      } catch (caught) {
        return caught as DomainError;
      }
    })();
    expect(error?.details.map((detail) => detail.path)).toEqual(['consent']);
    expect((await domainError(drawings.create(input({ section: 'entraide' }), { sourceIp: '192.0.2.1' }))).code).toBe('unknown_section');
    expect(store.records.size).toBe(0);
  });

  it('a refused image is said to the parent (422) and nothing of it or of what they wrote is kept', async () => {
    const { drawings, sent, objects, store, moderation } = setup();
    const drawing = await sent({}, new TextEncoder().encode('<svg><script>alert(1)</script></svg>'));
    const error = await domainError(drawings.verify(drawing.id, drawing.token));
    expect([error.status, error.code, error.message]).toEqual([422, 'image_refused', 'Ce fichier n’est pas une image JPEG, PNG ou WebP.']);
    expect(objects.keysWithBytes()).toEqual([]);
    expect(store.records.get(drawing.id)).toMatchObject({
      status: 'image_refused',
      content: null,
      consent: null,
      imageRefusal: 'not_an_image',
    });
    expect((await moderation.queue(staff)).items).toEqual([]);
    // Opened again, the link says the same.
    expect((await domainError(drawings.verify(drawing.id, drawing.token))).code).toBe('image_refused');
  });

  it('is processed once: the link opened again changes nothing; before the upload arrives it can be opened again', async () => {
    const { drawings, sent, objects, input, mailer } = setup();
    const created = await drawings.create(input(), { sourceIp: '192.0.2.1' });
    const token = /token=([A-Za-z0-9_-]+)&action=verify/.exec(mailer.sent.at(-1)!.text)![1]!;
    expect((await domainError(drawings.verify(created.id, token))).code).toBe('image_missing');
    objects.put(uploadObjectKey(tenant.id, created.id), jpeg);
    expect((await drawings.verify(created.id, token)).status).toBe('pending_moderation');
    expect((await domainError(drawings.verify(created.id, token))).code).toBe('token_already_used');
    const other = await sent();
    expect((await domainError(drawings.verify(other.id, token))).code).toBe('invalid_token');
  });

  it('repair: a verification interrupted after the images were stored is completed by opening the link again', async () => {
    const { drawings, sent, objects, store, interrupt } = setup();
    const drawing = await sent();
    interrupt();
    await expect(drawings.verify(drawing.id, drawing.token)).rejects.toThrow('timed out');
    expect(store.records.get(drawing.id)!.status).toBe('pending_verification');
    expect(objects.keysWithBytes()).toHaveLength(2);
    expect(await drawings.verify(drawing.id, drawing.token)).toEqual({ id: drawing.id, status: 'pending_moderation' });
    const stored = store.records.get(drawing.id)!;
    expect(objects.keysWithBytes()).toEqual([stored.images!.displayKey, stored.images!.thumbnailKey].sort());
  });

  it('the link expires after a day', async () => {
    const { drawings, sent, clock } = setup();
    const drawing = await sent();
    clock.advanceDays(2);
    expect((await domainError(drawings.verify(drawing.id, drawing.token))).code).toBe('link_expired');
  });
});

describe('staff and the parent decide', () => {
  it('rejected: the parent is mailed the reason (escaped), every image removed, nothing the parent wrote kept', async () => {
    const { drawings, moderation, sent, objects, store, mailer } = setup();
    const drawing = await sent();
    await drawings.verify(drawing.id, drawing.token);
    await moderation.reject(staff, drawing.id, 'Un visage reconnaissable <b>');
    expect(mailer.sent.at(-1)).toMatchObject({ to: 'parent@example.org' });
    expect(mailer.sent.at(-1)!.html).toContain('Un visage reconnaissable &lt;b&gt;');
    // The images and the upload's marker: no object of it left.
    expect(objects.keys()).toEqual([]);
    expect(store.records.get(drawing.id)).toMatchObject({ status: 'rejected', content: null, tokenHash: null });
    expect((await domainError(moderation.approve(staff, drawing.id))).status).toBe(404);
  });

  it('a decision that does not follow is refused (409): an unconfirmed drawing cannot be approved', async () => {
    const { moderation, sent } = setup();
    const drawing = await sent();
    expect((await domainError(moderation.approve(staff, drawing.id))).code).toBe('invalid_status');
  });

  it('the parent deletes it by the link: every stored size removed, gone from the gallery; a failed erase is repaired by deleting again', async () => {
    const { drawings, moderation, sent, objects, store } = setup();
    const drawing = await sent();
    await drawings.verify(drawing.id, drawing.token);
    await moderation.approve(staff, drawing.id);
    expect(objects.keysWithBytes()).toHaveLength(2);
    store.failNextReplace = true;
    await expect(drawings.remove(drawing.id, drawing.token)).rejects.toThrow('unreachable');
    expect(objects.keys()).toEqual([]);
    await drawings.remove(drawing.id, drawing.token);
    expect((await drawings.list({})).items).toEqual([]);
    expect(store.records.get(drawing.id)).toMatchObject({ status: 'deleted', content: null, consent: null });
    expect((await domainError(drawings.remove(drawing.id, drawing.token))).status).toBe(404);
  });

  it('the figures count drawings sent and the statuses they reached', async () => {
    const { drawings, moderation, sent, stats } = setup();
    const kept = await sent();
    await drawings.verify(kept.id, kept.token);
    await moderation.approve(staff, kept.id);
    const refused = await sent({}, new TextEncoder().encode('not an image'));
    await domainError(drawings.verify(refused.id, refused.token));
    const figures = statsFromDays('2025-03-02', '2025-03-02', await stats.readDays(tenant.id, '2025-03-02', '2025-03-02'));
    expect(figures.drawings).toEqual({ created: 2, byStatus: { image_refused: 1, pending_moderation: 1, published: 1 } });
  });

  it('the staff’s CSV of a period counts them per day, every day listed, with a total row', async () => {
    const { drawings, moderation, sent, stats, clock } = setup();
    const first = await sent();
    await drawings.verify(first.id, first.token);
    clock.advanceDays(1);
    await moderation.approve(staff, first.id);
    const second = await sent({ parentEmail: 'autre@example.org' });
    await drawings.verify(second.id, second.token);
    await moderation.reject(staff, second.id, 'Une photo, pas un dessin');
    await drawings.remove(first.id, first.token);
    const reports = staffReportService({
      tenant,
      clock,
      stats,
      staffPosts: new MemoryStaffPostQueries(new MemoryPostStore()),
      campaignStore: new MemoryCampaignStore(),
      random: new SequenceRandom(),
    });
    const csv = await reports.exportDrawings({ from: '2025-03-01', to: '2025-03-03' });
    expect(csv.fileName).toBe('entraide-bourg-la-reine-dessins-2025-03-01-2025-03-03.csv');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.text.slice(1).split('\r\n')).toEqual([
      'jour;dessins envoyés;confirmés (à relire);image refusée;publiés;refusés par l’équipe;supprimés par le parent',
      '01/03/2025;0;0;0;0;0;0',
      '02/03/2025;1;1;0;0;0;0',
      '03/03/2025;1;1;0;1;1;1',
      'total;2;2;0;1;1;1',
      '',
    ]);
    // The period as the figures take it: a start after the end is refused at its field.
    await expect(reports.exportDrawings({ from: '2025-03-04', to: '2025-03-01' })).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'query.from' }],
    });
  });
});
