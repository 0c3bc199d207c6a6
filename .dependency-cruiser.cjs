/** The dependency rules `npm test` enforces. */
module.exports = {
  forbidden: [
    {
      name: 'core-stays-pure',
      comment: 'packages/core is the domain: no AWS SDK, no middy, no aws-lambda, no adapters.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: ['node_modules/@aws-sdk/', 'node_modules/@smithy/', 'node_modules/@middy/', 'node_modules/aws-lambda', 'node_modules/@types/aws-lambda', 'node_modules/aws-cdk-lib', '^packages/(?!core/)', '^functions/', '^infra/'] },
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
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['cdk\\.out', 'infra/\\.bundles', '\\.data'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.d.ts', '.json'] },
    combinedDependencies: true,
  },
};
