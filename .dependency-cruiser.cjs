/** The dependency rules `npm test` enforces. */
module.exports = {
  forbidden: [
    {
      name: 'core-stays-pure',
      comment: 'packages/core is the domain: no AWS SDK, no middy, no aws-lambda, no adapters.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: {
        path: [
          'node_modules/@aws-sdk/',
          'node_modules/@smithy/',
          'node_modules/@middy/',
          'node_modules/aws-lambda',
          'node_modules/@types/aws-lambda',
          'node_modules/aws-cdk-lib',
          '^packages/(?!core/)',
          '^functions/',
          '^infra/',
        ],
      },
    },
    {
      name: 'core-contexts-meet-at-their-faces',
      comment:
        "A context of core (posts/, relay/, ...) imports another only through that context's index.ts (or schemas.ts, its browser-safe part).",
      severity: 'error',
      from: { path: '^packages/core/src/([^/]+)/' },
      to: { path: '^packages/core/src/[^/]+/', pathNot: ['^packages/core/src/$1/', '^packages/core/src/[^/]+/(index|schemas)[.]ts$'] },
    },
    {
      name: 'core-from-outside-through-its-entries',
      comment: 'Other packages import core as @entraide/core, @entraide/core/schemas or @entraide/core/plain, never a file of its src.',
      severity: 'error',
      from: { pathNot: '^packages/core/' },
      to: { path: '^packages/core/src/', pathNot: '^packages/core/src/(index|schemas|plain)[.]ts$' },
    },
    {
      name: 'schemas-reach-no-node-builtin',
      comment: 'The site bundles @entraide/core/schemas for the browser: nothing reachable from a schemas face may import a Node built-in.',
      severity: 'error',
      from: { path: ['^packages/core/src/schemas[.]ts$', '^packages/core/src/[^/]+/schemas[.]ts$'] },
      to: {
        path: '^(node:)?(assert|buffer|child_process|crypto|dns|events|fs|http|https|net|os|path|stream|tls|url|util|worker_threads|zlib)(/|$)',
        reachable: true,
      },
    },
    {
      name: 'plain-face-imports-nothing',
      comment:
        "@entraide/core/plain is what a site page reads before its first render: its modules import no package (zod above all) and no other module of core, so the page's first load stays small.",
      severity: 'error',
      from: { path: '^packages/core/src/plain[.]ts$' },
      to: {
        path: ['node_modules', '^packages/core/src/[^/]+/(index|schemas)[.]ts$', '^packages/core/src/(index|schemas)[.]ts$'],
        reachable: true,
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'functions-not-from-infra-or-local',
      comment: 'Lambda code must not pull in the CDK app or the local runtime.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: ['^infra/', '^packages/local/', 'node_modules/aws-cdk-lib', 'node_modules/dynalite', 'node_modules/aws-ses-v2-local'] },
    },
    {
      name: 'test-support-only-in-tests',
      comment: 'test/support holds fixtures and fakes: only tests (*.test.ts, test/, bench/) may import it, never code that ships.',
      severity: 'error',
      from: { pathNot: ['\\.test\\.ts$', '^test/', '^bench/'] },
      to: { path: '^test/support/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Build outputs (the site's dist/, written by npm start and by tests while this runs beside them) are not sources.
    exclude: { path: ['cdk\\.out', 'infra/\\.bundles', '\\.data', '(^|/)dist/'] },
    tsPreCompilationDeps: true,
    // swc parses each file for the rules, about 1.3 s of CPU less than TypeScript's compiler on a
    // fresh clone; it also counts `export type … from` as a dependency (stricter, never looser).
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts', '.json'],
    },
    combinedDependencies: true,
  },
};
