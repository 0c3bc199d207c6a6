import {
  campaignService,
  counterNames,
  hashSecret,
  type CampaignStore,
  createdCounts,
  destination,
  entryExpiresAt,
  newPostRecord,
  tenantDay,
  type CategoryId,
  type LatLon,
  type ListingStore,
  type PostKind,
  type PostStore,
  type RandomSource,
  type StatsStore,
  type TenantConfig,
  type Weekday,
  drawingConsentWords,
  uploadObjectKey,
  type DrawingStore,
  type DrawingUploadProcessor,
  type GalleryObjects,
} from '@entraide/core';

const dayMs = 24 * 60 * 60 * 1000;

interface DemoPost {
  kind: PostKind;
  category: CategoryId;
  /** One of the tenant's sections of posts, to show a section's page. */
  section?: string;
  title: string;
  description: string;
  author: string;
  /** An offer to health workers: housing free from `fromInDays` for `days` days (from the seeding day), or equipment. */
  housing?: { fromInDays: number; days: number; capacity: number; type: 'room' | 'flat' };
  equipment?: { quantity: number; dropAt: string };
}

/** What each demo tenant showed in the field, in a few posts a newcomer can browse. */
const demoPosts: Record<string, DemoPost[]> = {
  courbevoie: [
    {
      kind: 'offer',
      category: 'groceries',
      title: 'Je fais vos courses le samedi matin',
      description: 'Je passe au marché de Charras et au supermarché, je dépose devant votre porte.',
      author: 'Karim',
    },
    {
      kind: 'request',
      category: 'medicines',
      title: 'Récupérer une ordonnance à la pharmacie',
      description: 'Ma mère (82 ans) ne peut pas sortir : il faudrait récupérer ses médicaments mardi.',
      author: 'Sophie',
    },
    {
      kind: 'offer',
      category: 'childcare',
      title: 'Garde d’enfants en urgence pour soignants',
      description: 'Assistante maternelle agréée, je peux garder deux enfants en journée.',
      author: 'Nadia',
    },
    {
      kind: 'offer',
      category: 'paperwork',
      title: 'Aide pour les démarches en ligne',
      description: 'Ancien employé de mairie, je vous aide pour les formulaires et attestations.',
      author: 'Jean-Pierre',
    },
  ],
  'deux-sevres': [
    {
      kind: 'offer',
      category: 'producteurs',
      title: 'Paniers de légumes livrés à domicile',
      description: 'Maraîcher à Échiré, je livre le jeudi autour de Niort.',
      author: 'La ferme des Prés',
    },
  ],
  mulhouse: [
    {
      kind: 'offer',
      category: 'hebergement',
      section: 'soignants',
      title: 'Studio meublé près de l’hôpital Émile Muller',
      description: 'Disponible gratuitement pour un soignant pendant la crise : une personne, draps fournis.',
      author: 'Claire',
      housing: { fromInDays: 0, days: 60, capacity: 1, type: 'flat' },
    },
    {
      kind: 'offer',
      category: 'hebergement',
      section: 'soignants',
      title: 'Chambre chez l’habitant, entrée indépendante',
      description: 'Pour un ou une soignante de nuit, au calme, à dix minutes du Hasenrain.',
      author: 'Marc',
      housing: { fromInDays: 3, days: 30, capacity: 1, type: 'room' },
    },
    {
      kind: 'offer',
      category: 'materiel',
      section: 'soignants',
      title: 'Visières imprimées en 3D',
      description: 'Notre fablab en imprime chaque semaine ; nous les déposons à l’accueil de l’hôpital.',
      author: 'Fablab Motoco',
      equipment: { quantity: 150, dropAt: 'hasenrain' },
    },
  ],
  'bourg-la-reine': [
    {
      kind: 'offer',
      category: 'other',
      title: 'Dessins d’enfants pour les soignants',
      description: 'La classe de CE2 a préparé des dessins à déposer à l’hôpital.',
      author: 'École Pierre Loti',
    },
    {
      kind: 'request',
      category: 'psychological_support',
      title: 'Quelqu’un à qui parler le soir',
      description: 'Seule depuis le début du confinement, j’aimerais un appel de temps en temps.',
      author: 'Madeleine',
    },
  ],
  namur: [
    {
      kind: 'request',
      category: 'other',
      title: 'Cueillette des fraises : 6 bénévoles',
      description: 'Exploitation à Gembloux, juin, matinées de 7 h à 12 h.',
      author: 'Ferme Dubois',
    },
    {
      kind: 'offer',
      category: 'other',
      title: 'Disponible pour les récoltes',
      description: 'Étudiant, disponible tout l’été, j’ai un vélo.',
      author: 'Thomas',
    },
  ],
  'orleans-metropole': [
    {
      kind: 'offer',
      category: 'other',
      title: 'Couturière bénévole pour les masques',
      description: 'Je peux coudre un kit de 35 masques par semaine.',
      author: 'Monique',
    },
    {
      kind: 'request',
      category: 'groceries',
      title: 'Courses pour un voisin malade',
      description: 'Mon voisin est isolé à Saint-Jean-de-Braye, qui peut l’aider ?',
      author: 'Paul',
    },
  ],
  paris: [
    {
      kind: 'request',
      category: 'other',
      title: 'Bénévoles pour une distribution alimentaire',
      description: 'L’association cherche des bras le mercredi après-midi dans le 18e.',
      author: 'Les Restos du Quartier',
    },
    {
      kind: 'offer',
      category: 'paperwork',
      title: 'Écrivain public bénévole',
      description: 'Aide aux courriers et dossiers administratifs, par téléphone.',
      author: 'Hélène',
    },
  ],
};

/**
 * Publishes the demo posts of a tenant, as if their authors had confirmed them: a newcomer who runs
 * `npm start` sees a living platform. Only on a fresh table, so it never duplicates.
 */
export async function seedDemoPosts(
  tenant: TenantConfig,
  store: PostStore,
  random: RandomSource,
  now: Date,
  stats?: StatsStore,
): Promise<number> {
  const posts = (demoPosts[tenant.id] ?? []).filter((post) => (tenant.categories as string[]).includes(post.category));
  let minutesAgo = posts.length * 90;
  for (const demo of posts) {
    const distance = random.fraction() * tenant.area.radiusKm * 0.6;
    const location = destination(tenant.area.center, distance, random.fraction() * 2 * Math.PI);
    const createdAt = new Date(now.getTime() - minutesAgo * 60_000);
    minutesAgo -= 90;
    const { post } = newPostRecord(
      tenant,
      {
        kind: demo.kind,
        category: demo.category,
        ...(demo.section ? { section: demo.section } : {}),
        title: demo.title,
        description: demo.description,
        location: { lat: Math.round(location.lat * 1e5) / 1e5, lon: Math.round(location.lon * 1e5) / 1e5 },
        author: { name: demo.author, email: `demo+${random.id().toLowerCase()}@${tenant.id}.example` },
        ...(demo.housing
          ? {
              housing: {
                availableFrom: tenantDay(tenant, new Date(now.getTime() + demo.housing.fromInDays * dayMs)),
                availableTo: tenantDay(tenant, new Date(now.getTime() + (demo.housing.fromInDays + demo.housing.days) * dayMs)),
                capacity: demo.housing.capacity,
                type: demo.housing.type,
              },
            }
          : {}),
        ...(demo.equipment ? { equipment: demo.equipment } : {}),
      },
      createdAt,
      random,
    );
    await store.insert({ ...post, status: 'published', publishedAt: createdAt.toISOString() });
    // Counted as if posted: the staff figures and the operator's report show the demo too.
    await stats?.count(tenant.id, tenantDay(tenant, createdAt), {
      ...createdCounts(tenant, post),
      [counterNames.postsReachedStatus('published')]: 1,
    });
  }
  return posts.length;
}

interface DemoListing {
  /** One of the tenant's sections of type directory. */
  section: string;
  name: string;
  description: string;
  categories: string[];
  address: string;
  location: LatLon;
  radiusKm: number;
  deliveryDays: Weekday[];
  hours?: string;
  /** Numbers of the ranges kept for fiction (05 36 49 …), sites under `.example`: invented businesses. */
  phone?: string;
  website?: string;
  clickAndCollect?: boolean;
}

/** Producers and shops that deliver, in the demo tenants' sections of type directory. */
const demoListings: Record<string, DemoListing[]> = {
  'deux-sevres': [
    {
      section: 'table-de-paques',
      name: 'Bergerie des Marais',
      description: 'Agneau de lait des Deux-Sèvres : gigots, épaules et carrés, à commander avant le mercredi.',
      categories: ['producteurs'],
      address: 'Lieu-dit La Garette, 79270 Sansais',
      location: { lat: 46.2986, lon: -0.6003 },
      radiusKm: 25,
      deliveryDays: ['fri', 'sat'],
      hours: 'Commandes du lundi au mercredi, de 9 h à 18 h',
      phone: '05 36 49 10 01',
      website: 'https://bergerie-des-marais.example',
    },
    {
      section: 'table-de-paques',
      name: 'Les Œufs de la Sèvre',
      description: 'Œufs de poules élevées en plein air, boîtes de 6 et de 12, et œufs peints pour la chasse.',
      categories: ['producteurs'],
      address: '4 chemin des Vergers, 79410 Échiré',
      location: { lat: 46.3872, lon: -0.4114 },
      radiusKm: 15,
      deliveryDays: ['sat'],
      phone: '05 36 49 10 02',
      clickAndCollect: true,
    },
    {
      section: 'table-de-paques',
      name: 'Chocolaterie du Pilori',
      description: 'Œufs, poules et cloches en chocolat, fabriqués à Niort.',
      categories: ['producteurs', 'groceries'],
      address: '8 rue du Pilori, 79000 Niort',
      location: { lat: 46.3248, lon: -0.4636 },
      radiusKm: 10,
      deliveryDays: ['thu', 'fri', 'sat'],
      hours: 'Du mardi au samedi, de 10 h à 19 h',
      phone: '05 36 49 10 03',
      website: 'https://chocolaterie-du-pilori.example',
      clickAndCollect: true,
    },
    {
      section: 'producteurs',
      name: 'Les Maraîchers de Chauray',
      description: 'Paniers de légumes de saison, livrés le mardi et le vendredi.',
      categories: ['producteurs'],
      address: 'Route de Saint-Maixent, 79180 Chauray',
      location: { lat: 46.36, lon: -0.38 },
      radiusKm: 12,
      deliveryDays: ['tue', 'fri'],
      phone: '05 36 49 10 04',
    },
    {
      section: 'producteurs',
      name: 'Fromagerie de la Gâtine',
      description: 'Chabichou, tommes et fromages frais de chèvre.',
      categories: ['producteurs'],
      address: 'Place du Drapeau, 79200 Parthenay',
      location: { lat: 46.6486, lon: -0.247 },
      radiusKm: 30,
      deliveryDays: ['wed', 'sat'],
      website: 'https://fromagerie-de-la-gatine.example',
      clickAndCollect: true,
    },
  ],
};

/**
 * Publishes the demo listings of a tenant, as if their producers had confirmed them (the zone index
 * written by the store), in its sections of type directory. Only on a fresh table.
 */
export async function seedDemoListings(tenant: TenantConfig, store: ListingStore, random: RandomSource, now: Date): Promise<number> {
  const listings = (demoListings[tenant.id] ?? []).filter((demo) =>
    tenant.sections.some((section) => section.id === demo.section && section.type === 'directory'),
  );
  for (const [index, demo] of listings.entries()) {
    const section = tenant.sections.find((candidate) => candidate.id === demo.section);
    const at = new Date(now.getTime() - (listings.length - index) * 3_600_000).toISOString();
    await store.insert({
      tenantId: tenant.id,
      id: random.id(),
      section: demo.section,
      categories: demo.categories.filter((category) => (tenant.categories as string[]).includes(category)),
      status: 'published',
      content: {
        name: demo.name,
        description: demo.description,
        address: demo.address,
        location: demo.location,
        deliveryZone: { radiusKm: demo.radiusKm },
        deliveryDays: demo.deliveryDays,
        ...(demo.hours ? { hours: demo.hours } : {}),
        ordering: { ...(demo.phone ? { phone: demo.phone } : {}), ...(demo.website ? { website: demo.website } : {}) },
        clickAndCollect: demo.clickAndCollect ?? false,
        delivery: true,
        author: { name: demo.name, email: `contact@${tenant.id}.example` },
      },
      tokenHash: null,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
      expiresAt: entryExpiresAt(tenant, section, now, tenant.postLifetimeDays).toISOString(),
      version: 1,
    });
  }
  return listings.length;
}

/**
 * A campaign section's demo: a delivery of kits, 30 volunteers (confirmed) at its pick-up points,
 * hand-outs over the last days and some returns, recorded through the campaign service as the
 * counters would, each event on its day.
 */
export async function seedDemoCampaigns(tenant: TenantConfig, store: CampaignStore, random: RandomSource, now: Date): Promise<void> {
  const names = ['Anne', 'Bilal', 'Chloé', 'Djamel', 'Élise', 'Fatou', 'Gérard', 'Hélène', 'Inès', 'Jules'];
  for (const section of tenant.sections) {
    const settings = section.campaign;
    if (!settings) continue;
    let at = new Date(now.getTime() - 6 * dayMs);
    const service = campaignService({ tenant, store, random, clock: { now: () => at } });
    await service.receiveStock(section.id, { kits: 120 });
    const volunteers: string[] = [];
    for (let index = 0; index < 30; index++) {
      const id = random.id();
      const pickupPoint = settings.pickupPoints[index % settings.pickupPoints.length]!.id;
      await store.insertVolunteer({
        tenantId: tenant.id,
        campaignId: section.id,
        id,
        status: 'active',
        name: `${names[index % names.length]} ${String.fromCharCode(65 + Math.floor(index / names.length))}.`,
        email: `benevole${index + 1}@${tenant.id}.example`,
        pickupPoint,
        tokenHash: hashSecret(random.secret()),
        createdAt: at.toISOString(),
        verifiedAt: at.toISOString(),
      });
      volunteers.push(id);
    }
    // Hand-outs over the first days, returns over the last ones: a chart with something in it.
    for (const [index, id] of volunteers.entries()) {
      at = new Date(now.getTime() - (6 - (index % 3)) * dayMs);
      const pickupPoint = settings.pickupPoints[index % settings.pickupPoints.length]!.id;
      await service.handOut(section.id, id, { kits: 1 + (index % 3), pickupPoint });
      if (index % 4 !== 3) {
        at = new Date(now.getTime() - (3 - (index % 3)) * dayMs);
        await service.recordReturn(section.id, id, { items: settings.kit.itemsPerKit - (index % 5), unusedKits: 0, pickupPoint });
      }
    }
  }
}

/** bourg-la-reine's demo drawings: drawn in code (simple shapes), each with who drew it and a message. */
const demoDrawings = [
  { firstName: 'Inès', age: 7, message: 'Merci aux soignants de l’hôpital !', shape: 'sun' },
  { firstName: 'Tom', age: 5, shape: 'house' },
  { firstName: 'Lina', age: 9, message: 'Un arc-en-ciel pour vous donner du courage', shape: 'rainbow' },
  { age: 6, message: 'Des cœurs pour les infirmières et les infirmiers', shape: 'hearts' },
] as const;

/** One demo drawing's pixels (RGB, 480 × 360): a sky and grass, then its shape. */
function drawnPixels(shape: (typeof demoDrawings)[number]['shape']): { pixels: Buffer; width: number; height: number } {
  const width = 480;
  const height = 360;
  const pixels = Buffer.alloc(width * height * 3);
  const rainbow = [
    [230, 40, 40],
    [245, 150, 30],
    [245, 220, 40],
    [60, 170, 70],
    [40, 110, 220],
    [130, 60, 180],
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let colour = y > 290 ? [60, 170, 80] : [150, 200, 245];
      if (shape === 'sun' && (x - 240) ** 2 + (y - 150) ** 2 < 90 ** 2) colour = [250, 205, 20];
      if (shape === 'house') {
        if (x > 150 && x < 330 && y > 170 && y <= 290) colour = [200, 60, 50];
        if (y > 80 && y <= 170 && Math.abs(x - 240) < (y - 80) * 1.1) colour = [110, 60, 40];
        if (x > 220 && x < 260 && y > 230 && y <= 290) colour = [90, 50, 30];
      }
      if (shape === 'rainbow') {
        const band = Math.floor((210 - Math.hypot(x - 240, y - 300)) / 22);
        if (band >= 0 && band < rainbow.length) colour = rainbow[band]!;
      }
      if (shape === 'hearts') {
        for (const [cx, cy] of [
          [140, 170],
          [340, 170],
        ]) {
          const u = (x - cx!) / 70;
          const v = -(y - cy!) / 70;
          if ((u * u + v * v - 1) ** 3 - u * u * v ** 3 < 0) colour = [225, 40, 90];
        }
      }
      pixels.set(colour, (y * width + x) * 3);
    }
  }
  return { pixels, width, height };
}

/**
 * A gallery section's demo (bourg-la-reine's `dessins`): drawings made in code, each uploaded as a
 * PNG and run through the processing step (the same one a parent's drawing goes through), then
 * published as staff would.
 */
export async function seedDemoDrawings(
  tenant: TenantConfig,
  deps: { drawingStore: DrawingStore; galleryObjects: GalleryObjects; drawingProcessor: DrawingUploadProcessor },
  random: RandomSource,
  now: Date,
): Promise<number> {
  const section = tenant.sections.find((candidate) => candidate.type === 'gallery' && candidate.id === 'dessins');
  if (!section || tenant.id !== 'bourg-la-reine') return 0;
  const { pngOfPixels } = await import('@entraide/image-processing');
  for (const [index, demo] of demoDrawings.entries()) {
    const id = random.id();
    const { pixels, width, height } = drawnPixels(demo.shape);
    await deps.galleryObjects.write(uploadObjectKey(tenant.id, id), await pngOfPixels(pixels, width, height), 'image/png');
    const result = await deps.drawingProcessor.process({ tenantId: tenant.id, uploadId: id, imageSecret: random.secret() });
    if (result.outcome !== 'stored') throw new Error(`demo drawing ${index}: ${result.reason}`);
    const at = new Date(now.getTime() - (demoDrawings.length - index) * 3_600_000).toISOString();
    await deps.drawingStore.insert({
      tenantId: tenant.id,
      id,
      section: section.id,
      status: 'published',
      content: {
        ...('firstName' in demo ? { childFirstName: demo.firstName } : {}),
        childAge: demo.age,
        ...('message' in demo ? { message: demo.message } : {}),
        parentEmail: `parent${index + 1}@${tenant.id}.example`,
        language: 'fr',
      },
      consent: { words: drawingConsentWords.fr, givenAt: at },
      tokenHash: null,
      uploadId: id,
      images: result.images,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
      version: 1,
    });
  }
  return demoDrawings.length;
}
