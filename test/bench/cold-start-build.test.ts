import { resolve } from 'node:path';
import {
  biggestInputs,
  buildColdStartBundles,
  discoverFunctionGroups,
  referenceName,
  type ColdStartBuild,
} from '../../bench/cold-start.js';
import type { Metafile } from 'esbuild';
import { synthesizedApp, type SynthesizedApp } from '../infra/synth.js';

// The build step of `npm run bench:cold` only: no timing is asserted (speed is the bench's job).
const repoRoot = resolve(__dirname, '..', '..');
let build: ColdStartBuild;
// The CDK app (one tenant) and the reference's bundle. The groups' bundles are the run's synth's
// (test/infra/synth.ts): the same bundleFunctionGroup, so not built a third time in the run
// (determinism.test.ts compares two independent bundlings already); the bench itself bundles.
let synth: SynthesizedApp | undefined;
beforeAll(async () => {
  synth = await synthesizedApp();
  build = buildColdStartBundles({ repoRoot, bundles: synth.bundles });
}, 240_000);
afterAll(() => {
  build?.cleanUp();
  synth?.cleanUp();
});

test('the CDK app builds, and every functions/<group>/handler.ts gets a bundle', () => {
  expect(build.cdkAppError).toBeUndefined();
  const groups = discoverFunctionGroups(repoRoot);
  expect(groups).toContain('public-api');
  expect(build.functions.map((candidate) => candidate.name)).toEqual(expect.arrayContaining(groups));
  for (const candidate of build.functions) {
    expect({ name: candidate.name, buildError: candidate.buildError, bundled: candidate.bundle.sizeBytes > 0 }).toEqual({
      name: candidate.name,
      buildError: undefined,
      bundled: true,
    });
  }
});

test('each function deployed by the CDK app is given its tenant stack variables', () => {
  const publicApi = build.functions.find((candidate) => candidate.name === 'public-api')!;
  expect(publicApi.inCdkApp).toBe(true);
  expect(JSON.parse(publicApi.environment.TENANT_CONFIG!)).toMatchObject({ id: 'courbevoie' });
  expect(publicApi.environment.TABLE_NAME).toBe('entraide-courbevoie');
  expect(publicApi.environment.SITE_URL).toMatch(/^https:\/\//);
});

test('the platform’s and the site’s functions are given theirs too, so they are measured: the relay’s dispatcher, the routes’ store', () => {
  const dispatch = build.functions.find((candidate) => candidate.name === 'mail-dispatch')!;
  expect(dispatch.inCdkApp).toBe(true);
  expect(dispatch.environment).toEqual(expect.objectContaining({ INBOUND_BUCKET: expect.any(String), RELAY_DOMAIN: expect.any(String) }));
  const routes = build.functions.find((candidate) => candidate.name === 'tenant-routes')!;
  expect(routes.inCdkApp).toBe(true);
  // The handler checks the ARN's shape at init: a CloudFront KeyValueStore's, global, by its id.
  expect(routes.environment.KVS_ARN).toMatch(/^arn:aws:cloudfront::\d{12}:key-value-store\/[0-9a-f-]+$/);
});

test('the reference bundles middy, its JSON body parser, zod and lib-dynamodb, and nothing of ours', () => {
  expect(build.reference.name).toBe(referenceName);
  expect(build.reference.bundle.sizeBytes).toBeGreaterThan(0);
  const inputs = Object.keys(build.reference.metafile.inputs);
  for (const name of ['@middy/core', '@middy/http-json-body-parser', 'zod', '@aws-sdk/lib-dynamodb']) {
    expect({ name, bundled: inputs.some((input) => input.includes(`node_modules/${name}/`)) }).toEqual({ name, bundled: true });
  }
  expect(inputs.filter((input) => !input.includes('node_modules/') && !input.startsWith('bench/reference/'))).toEqual([]);
  expect(biggestInputs(build.reference.metafile, 3)).toHaveLength(3);
});

/** The sources of an output and of the chunks it imports statically (of `index.mjs`: what Lambda's init evaluates). */
function sourcesReadAtInit(
  metafile: Metafile,
  entry = Object.keys(metafile.outputs).find((path) => path.endsWith('/index.mjs'))!,
): string[] {
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  return [...loaded].flatMap((path) => Object.keys(metafile.outputs[path]!.inputs));
}

test('the HTTP functions build their routes on the first request: their init reads neither zod nor core, which their chunks hold', () => {
  for (const group of ['public-api', 'staff-api']) {
    const { metafile } = build.functions.find((candidate) => candidate.name === group)!;
    const atInit = sourcesReadAtInit(metafile);
    const all = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    const readAtInit = (pattern: RegExp) => ({
      group,
      atInit: atInit.some((input) => pattern.test(input)),
      inAChunk: all.some((input) => pattern.test(input)),
    });
    expect(readAtInit(/node_modules\/zod\//)).toEqual({ group, atInit: false, inAChunk: true });
    expect(readAtInit(/^packages\/core\/src\/posts\//)).toEqual({ group, atInit: false, inAChunk: true });
    expect(readAtInit(new RegExp(`^functions/${group}/app\\.ts$`))).toEqual({ group, atInit: false, inAChunk: true });
  }
});

test('the mail functions, the inbound relay and the jobs read no classic zod at init: their tenant config is not parsed again, their schemas are on zod/mini', () => {
  for (const group of ['mail-sender', 'mail-events', 'inbound-mail', 'scheduled-jobs']) {
    const atInit = sourcesReadAtInit(build.functions.find((candidate) => candidate.name === group)!.metafile);
    expect({ group, classicZod: atInit.filter((input) => input.includes('node_modules/zod/v4/classic/')) }).toEqual({
      group,
      classicZod: [],
    });
    expect({ group, tenantSchemas: atInit.includes('packages/core/src/tenant/tenant-config.ts') }).toEqual({ group, tenantSchemas: false });
  }
});

test('a public API request reads only its own context: the posts’ chunk holds none of the missions’, the gallery’s or the directory’s services', () => {
  const { metafile } = build.functions.find((candidate) => candidate.name === 'public-api')!;
  const chunkOf = (source: string) => Object.keys(metafile.outputs).find((path) => Object.hasOwn(metafile.outputs[path]!.inputs, source))!;
  // The chunk of the posts' operations and what it imports statically: what `GET /posts` loads.
  const posts = sourcesReadAtInit(metafile, chunkOf('functions/public-api/posts.ts'));
  expect(posts.some((input) => input.startsWith('packages/core/src/posts/'))).toBe(true);
  // (core's posts reach some of the directory's schemas: only its service stays out)
  expect(posts.filter((input) => /^packages\/core\/src\/(missions\/|gallery\/|directory\/listing-service)/.test(input))).toEqual([]);
  // Nor the tenant config's schemas: its config was checked at synth, a request checks only the ids it names.
  expect(posts).not.toContain('packages/core/src/tenant/tenant-config.ts');
});
