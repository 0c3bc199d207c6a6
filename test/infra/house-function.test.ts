import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { FunctionBundle } from '../../infra/lib/bundling.js';
import { HouseFunction, type HouseFunctionProps } from '../../infra/lib/house-function.js';

// The house construct on its own, with a stand-in bundle: no esbuild, no cdk-nag here.
let scratch: string;
let bundle: FunctionBundle;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'entraide-house-function-test-'));
  const directory = join(scratch, 'bundle');
  mkdirSync(directory);
  writeFileSync(join(directory, 'index.mjs'), 'export const handler = async () => ({ statusCode: 204 });\n');
  bundle = {
    group: 'test',
    directory,
    handler: 'index.handler',
    sourceMap: false,
    sizeBytes: 60,
    initBytes: 60,
    totalBytes: 60,
    contentHash: 'stand-in',
  };
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function houseFunction(props: Partial<HouseFunctionProps> = {}) {
  // CloudFormation schema validation is for whole templates (tenant-stacks.test.ts); skip its start-up cost here.
  const app = new App({ outdir: join(scratch, 'cdk.out'), builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Test');
  const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const fn = new HouseFunction(stack, 'Fn', { bundle, ...props });
  return { app, stack, table, fn, template: () => Template.fromStack(stack) };
}

const variablesOf = (template: Template): Record<string, unknown> => {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
  return (fn?.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
};

test("the caller's variables are kept; a house default never replaces one", () => {
  const withSourceMaps = { ...bundle, sourceMap: true };
  expect(variablesOf(houseFunction({ bundle: withSourceMaps }).template())).toEqual({ NODE_OPTIONS: '--enable-source-maps' });
  const callerOptions = '--enable-source-maps --max-old-space-size=400';
  expect(
    variablesOf(
      houseFunction({ bundle: withSourceMaps, environment: { NODE_OPTIONS: callerOptions, SITE_URL: 'https://x.example' } }).template(),
    ),
  ).toEqual({ NODE_OPTIONS: callerOptions, SITE_URL: 'https://x.example' });
  // No source maps shipped: Node is not told to look for them.
  expect(variablesOf(houseFunction().template())).toEqual({});
});

test('bindTable grants exactly the operations asked for, on the table and the indexes named, and sets TABLE_NAME together', () => {
  const { fn, table, stack, template } = houseFunction();
  fn.bindTable(table, { operations: ['GetItem', 'Query'], indexNames: ['gsi1'] });
  const synthesized = template();
  const tableId = stack.getLogicalId(table.node.defaultChild as dynamodb.CfnTable);
  expect(variablesOf(synthesized)).toEqual({ TABLE_NAME: { Ref: tableId } });
  const statements = Object.values(synthesized.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as { Action: string[]; Resource: unknown }[],
  );
  const dynamo = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')));
  expect(dynamo).toHaveLength(1);
  expect([dynamo[0]?.Action].flat().sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
  expect(dynamo[0]?.Resource).toEqual([
    { 'Fn::GetAtt': [tableId, 'Arn'] },
    { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/gsi1']] },
  ]);
});

test('bindTable without indexes names the table alone, never index/*', () => {
  const { fn, table, stack, template } = houseFunction();
  fn.bindTable(table, { operations: ['PutItem'], indexNames: [] });
  const tableId = stack.getLogicalId(table.node.defaultChild as dynamodb.CfnTable);
  template().hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } }]),
    },
  });
});

test('allowSendingMail without a configuration set allows the identity only', () => {
  const { fn, template } = houseFunction();
  fn.allowSendingMail({ identity: 'mairie.example', from: 'Mairie <ne-pas-repondre@mairie.example>' });
  const synthesized = template();
  expect(variablesOf(synthesized)).toEqual({ MAIL_FROM: 'Mairie <ne-pas-repondre@mairie.example>' });
  synthesized.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] },
        {
          Action: 'ses:SendEmail',
          Resource: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':ses:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':identity/mairie.example',
              ],
            ],
          },
        },
      ],
    },
  });
});

test('an environment over Lambda’s 4 KB fails the synth, not the deploy', () => {
  const { template } = houseFunction({ environment: { TENANT_CONFIG: 'x'.repeat(5000) } });
  expect(template).toThrow(/environment of Test\/Fn is about \d+ bytes; Lambda allows 4096/);
});
