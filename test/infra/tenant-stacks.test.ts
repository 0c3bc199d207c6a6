import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTenantDirectory, type TenantConfig } from '@entraide/core';
import { tableDefinition } from '@entraide/dynamodb-store/table-definition';
import { apiPrefix, functionGroups, routes, type FunctionGroup } from '@entraide/functions';
import type { Template } from 'aws-cdk-lib/assertions';
import { appDefaults, exampleSettings, platformStackName, siteStackName, tenantStackName } from '../../infra/lib/app.js';
import { backgroundFunctionGroups, sectionFunctionGroups, sharedFunctionGroups } from '../../infra/lib/background-functions.js';
import { constructId } from '../../infra/lib/tenant-stack.js';
import { asArray, repoRoot, resourcesOf, synthesizedApp, templateOf, type PolicyStatement, type SynthesizedApp } from './synth.js';

// The whole app, every tenant file, read from the run's one synth (cdk-nag and CloudFormation
// validation included: an unacknowledged finding or an invalid template fails every test here).
// How often esbuild runs per synth is shown in stand-in-app.test.ts.
const tenantFiles = loadTenantDirectory(join(repoRoot, 'infra', 'tenants'));
const settings = exampleSettings(repoRoot);
const indexNames: string[] = tableDefinition.globalSecondaryIndexes.map((index) => index.indexName);

let synthesized: SynthesizedApp;
beforeAll(async () => {
  synthesized = await synthesizedApp();
}, 240_000);
afterAll(() => synthesized?.cleanUp());

/** A tenant stack's construct, by the path of its CloudFormation resource (`Table/Resource`: `stack.table.node.defaultChild`). */
interface TenantStackView {
  stackName: string;
  logicalId(path: string): string;
  /** A function group's function, execution role and log group (HouseFunction). */
  functionIds(group: string): { fn: string; role: string; logGroup: string };
}

/** A tenant with a gallery section also has its processing function and rights on the gallery bucket (gallery.test.ts). */
const hasGallery = (tenant: TenantConfig) => tenant.sections.some((section) => section.type === 'gallery');

function eachTenant(): { tenant: TenantConfig; stack: TenantStackView; template: Template }[] {
  const tenantStackNames = [...synthesized.templates.keys()].filter((name) => name !== platformStackName && name !== siteStackName);
  return tenantStackNames.map((stackName) => {
    const tenant = tenantFiles.find((candidate) => tenantStackName(candidate.id) === stackName);
    if (!tenant) throw new Error(`stack ${stackName} has no tenant file`);
    const logicalId = (path: string) => synthesized.logicalId(stackName, path);
    const functionIds = (group: string) => ({
      fn: logicalId(`${constructId(group)}/Resource`),
      role: logicalId(`${constructId(group)}Role/Resource`),
      logGroup: logicalId(`${constructId(group)}Logs/Resource`),
    });
    return { tenant, stack: { stackName, logicalId, functionIds }, template: templateOf(synthesized, stackName) };
  });
}

describe('the app', () => {
  test('has the platform stack, one stack per tenant file and the site stack, and synth passed cdk-nag', () => {
    expect([...synthesized.templates.keys()].sort()).toEqual(
      [platformStackName, ...tenantFiles.map((tenant) => tenantStackName(tenant.id)), siteStackName].sort(),
    );
    expect(tenantFiles.length).toBeGreaterThanOrEqual(7);
    // The plugin wrote its report: nothing unacknowledged in it.
    const report = JSON.parse(readFileSync(join(synthesized.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations?: unknown[] }[];
    };
    for (const pluginReport of report.pluginReports) expect(pluginReport.violations ?? []).toEqual([]);
  });

  test('tags each tenant stack and its resources with its tenant id', () => {
    const manifest = JSON.parse(readFileSync(join(synthesized.outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { properties?: { tags?: Record<string, string> } }>;
    };
    for (const { tenant, stack, template } of eachTenant()) {
      expect(manifest.artifacts[stack.stackName]?.properties?.tags).toEqual({ 'entraide:tenant': tenant.id });
      for (const type of ['AWS::DynamoDB::Table', 'AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::Logs::LogGroup']) {
        for (const resource of Object.values(resourcesOf(template, type))) {
          expect(resource.Properties?.Tags).toEqual(expect.arrayContaining([{ Key: 'entraide:tenant', Value: tenant.id }]));
        }
      }
    }
  });

  test('synthesized with the example settings, every stack carries a rule CloudFormation fails: it cannot be deployed', () => {
    for (const [name, template] of synthesized.templates) {
      const rule = (template.toJSON() as { Rules?: Record<string, { Assertions: { Assert: unknown }[] }> }).Rules
        ?.ExampleSettingsNotDeployable;
      expect([name, rule?.Assertions[0]?.Assert]).toEqual([name, { 'Fn::Equals': ['example-settings', 'deployable'] }]);
    }
  });

  test('tenant stacks take nothing from another stack but an ordering after the platform and the site', () => {
    for (const { template, stack } of eachTenant()) {
      expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
      expect(synthesized.dependencies(stack.stackName).sort()).toEqual([platformStackName, siteStackName]);
    }
  });
});

describe('each tenant table', () => {
  test('is one on-demand table with the keys, indexes and TTL of the table definition', () => {
    const key = (name: string, type: 'HASH' | 'RANGE') => ({ AttributeName: name, KeyType: type });
    for (const { template } of eachTenant()) {
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));
      const properties = table?.Properties ?? {};
      expect(properties.KeySchema).toEqual([key(tableDefinition.partitionKey.name, 'HASH'), key(tableDefinition.sortKey.name, 'RANGE')]);
      expect(properties.GlobalSecondaryIndexes).toEqual(
        tableDefinition.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [key(index.partitionKey.name, 'HASH'), key(index.sortKey.name, 'RANGE')],
          Projection: { ProjectionType: index.projection },
        })),
      );
      const keyAttributes = [
        tableDefinition.partitionKey,
        tableDefinition.sortKey,
        ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
      ];
      expect(properties.AttributeDefinitions).toEqual(
        keyAttributes.map((attribute) => ({ AttributeName: attribute.name, AttributeType: attribute.type })),
      );
      expect(properties.TimeToLiveSpecification).toEqual({ AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true });
      expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  test('survives its stack: retained on delete and replacement, deletion protection on', () => {
    for (const { template } of eachTenant()) {
      const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));
      expect(table?.DeletionPolicy).toBe('Retain');
      expect(table?.UpdateReplacePolicy).toBe('Retain');
      expect(table?.Properties?.DeletionProtectionEnabled).toBe(true);
    }
  });
});

describe('tenant isolation in IAM', () => {
  /** What a statement may name for DynamoDB: this stack's table, or one of its declared indexes. */
  function isOwnTableResource(resource: unknown, tableLogicalId: string): boolean {
    const tableArn = { 'Fn::GetAtt': [tableLogicalId, 'Arn'] };
    if (JSON.stringify(resource) === JSON.stringify(tableArn)) return true;
    return indexNames.some(
      (indexName) => JSON.stringify(resource) === JSON.stringify({ 'Fn::Join': ['', [tableArn, `/index/${indexName}`]] }),
    );
  }

  function statementsOf(template: Template): { policy: string; roles: unknown; statement: PolicyStatement }[] {
    const fromPolicies = Object.entries(resourcesOf(template, 'AWS::IAM::Policy')).flatMap(([policy, resource]) =>
      asArray((resource.Properties?.PolicyDocument as { Statement: PolicyStatement[] }).Statement).map((statement) => ({
        policy,
        roles: resource.Properties?.Roles,
        statement,
      })),
    );
    const fromRoles = Object.entries(resourcesOf(template, 'AWS::IAM::Role')).flatMap(([role, resource]) =>
      asArray(resource.Properties?.Policies as { PolicyDocument: { Statement: PolicyStatement[] } }[] | undefined).flatMap((policy) =>
        policy.PolicyDocument.Statement.map((statement) => ({ policy: role, roles: [{ Ref: role }], statement })),
      ),
    );
    return [...fromPolicies, ...fromRoles];
  }

  test('every DynamoDB permission names only the own tenant table and its indexes, never *', () => {
    for (const { stack, template } of eachTenant()) {
      const tableLogicalId = stack.logicalId('Table/Resource');
      const dynamoStatements = statementsOf(template).filter(({ statement }) =>
        asArray(statement.Action).some((action) => action.startsWith('dynamodb:')),
      );
      expect(dynamoStatements.length).toBeGreaterThan(0);
      for (const { statement } of dynamoStatements) {
        expect(statement.Effect).toBe('Allow');
        const resources = asArray(statement.Resource);
        expect(resources.length).toBeGreaterThan(0);
        for (const resource of resources) {
          expect({ resource, ownTable: isOwnTableResource(resource, tableLogicalId) }).toEqual({ resource, ownTable: true });
        }
        expect(asArray(statement.Action)).not.toContain('dynamodb:*');
      }
    }
  });

  test('no permission of a tenant stack is granted on *, and no role carries a managed policy', () => {
    for (const { template } of eachTenant()) {
      for (const { policy, statement } of statementsOf(template)) {
        for (const resource of asArray(statement.Resource)) {
          expect({ policy, resource }).not.toEqual({ policy, resource: '*' });
          if (typeof resource === 'string') expect(resource).not.toMatch(/:\*$|\/\*$/);
        }
      }
      for (const role of Object.values(resourcesOf(template, 'AWS::IAM::Role'))) {
        expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
      }
    }
  });

  test('each function has its own role, whose policies write its own logs, its table, and hand mail to its tenant’s sender', () => {
    for (const { tenant, stack, template } of eachTenant()) {
      const policies = resourcesOf(template, 'AWS::IAM::Policy');
      for (const group of functionGroups) {
        const { role: roleId, logGroup: logGroupId } = stack.functionIds(group);
        template.hasResourceProperties('AWS::Lambda::Function', {
          Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
          LoggingConfig: { LogGroup: { Ref: logGroupId } },
        });
        const statements = Object.values(policies)
          .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
          .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: PolicyStatement[] }).Statement);
        const byService = (service: string) =>
          statements.filter((statement) => asArray(statement.Action).every((action) => action.startsWith(`${service}:`)));
        expect(byService('logs')).toEqual([
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
        ]);
        expect(byService('dynamodb')).toHaveLength(1);
        // Mail goes to the tenant's sender, InvokeFunction on it only; only the sender may call SES (mail-relay.test.ts).
        expect(byService('ses')).toEqual([]);
        expect(byService('sqs')).toEqual([]);
        const invoked = byService('lambda').flatMap((statement) => {
          expect(statement.Action).toBe('lambda:InvokeFunction');
          return asArray(statement.Resource);
        });
        const sender = { 'Fn::GetAtt': [stack.logicalId('MailRelay/MailSender/Resource'), 'Arn'] };
        expect(invoked).toContainEqual(sender);
        // And, where the tenant has a gallery, its objects and processing (each checked in gallery.test.ts).
        const others = invoked.filter((resource) => JSON.stringify(resource) !== JSON.stringify(sender));
        const gallery = byService('s3').length + others.length;
        if (!hasGallery(tenant)) expect(gallery).toBe(0);
        expect(byService('logs').length + byService('dynamodb').length + byService('lambda').length + byService('s3').length).toBe(
          statements.length,
        );
      }
    }
  });

  test('each function may send its table exactly the operations its code sends, on its own table and the indexes it queries', () => {
    const [get, put, update, remove, query] = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'].map((name) => `dynamodb:${name}`);
    for (const { stack, template } of eachTenant()) {
      // Each function by its construct's path in the stack (HouseFunction: its role is `<path>Role`).
      const granted = {
        'public-api': { fn: 'PublicApi', actions: [get, put, update, remove, query], indexes: ['gsi1', 'gsi2'] },
        'staff-api': { fn: 'StaffApi', actions: [get, put, update, remove, query], indexes: ['gsi1'] },
        'scheduled-jobs': { fn: 'ScheduledJobs', actions: [get, put, update, remove, query], indexes: ['gsi1'] },
        'mail-sender': { fn: 'MailRelay/MailSender', actions: [get, put, update, remove], indexes: [] },
        'inbound-mail': { fn: 'MailRelay/InboundMailFunction', actions: [get, put, update], indexes: [] },
        'mail-events': { fn: 'MailRelay/MailEvents', actions: [put, update], indexes: [] },
      };
      expect(Object.keys(granted).sort()).toEqual([...functionGroups, ...backgroundFunctionGroups].sort());
      const tableArn = { 'Fn::GetAtt': [stack.logicalId('Table/Resource'), 'Arn'] };
      const dynamoStatements = statementsOf(template).filter(({ statement }) =>
        asArray(statement.Action).some((action) => action.startsWith('dynamodb:')),
      );
      for (const [group, { fn, actions, indexes }] of Object.entries(granted)) {
        const role = { Ref: stack.logicalId(`${fn}Role/Resource`) };
        const ofRole = dynamoStatements.filter(({ roles }) => JSON.stringify(roles) === JSON.stringify([role]));
        expect({ group, statements: ofRole.map(({ statement }) => ({ ...statement, Action: asArray(statement.Action).sort() })) }).toEqual({
          group,
          statements: [
            {
              Effect: 'Allow',
              Action: [...actions].sort(),
              Resource:
                indexes.length === 0
                  ? tableArn
                  : [tableArn, ...indexes.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index}`]] }))],
            },
          ],
        });
      }
    }
  });

  test('roles are not shared: the only two functions with the same access besides their logs are staff-api and scheduled-jobs, and only without a gallery', () => {
    for (const { tenant, stack, template } of eachTenant()) {
      const roles = Object.keys(resourcesOf(template, 'AWS::IAM::Role'));
      const statementsOfRole = (role: string) =>
        statementsOf(template)
          .filter(({ roles: attached }) => JSON.stringify(attached).includes(`"${role}"`))
          .map(({ statement }) => statement);
      const writesLogs = (statement: PolicyStatement) => asArray(statement.Action).every((action) => action.startsWith('logs:'));
      const accessOf = (role: string) =>
        JSON.stringify(
          statementsOfRole(role)
            .filter((statement) => !writesLogs(statement))
            .map((statement) => JSON.stringify(statement))
            .sort(),
        );
      const same = roles.flatMap((role, index) =>
        roles
          .slice(index + 1)
          .filter((other) => accessOf(other) === accessOf(role))
          .map((other) => [role, other].sort()),
      );
      const [staffRole, jobsRole] = [stack.functionIds('staff-api').role, stack.logicalId('ScheduledJobsRole/Resource')];
      expect({ tenant: tenant.id, same }).toEqual({ tenant: tenant.id, same: hasGallery(tenant) ? [] : [[jobsRole, staffRole].sort()] });
      // Sharing even those two would widen each: every role writes its own function's logs only.
      for (const role of roles.filter((candidate) => candidate !== stack.logicalId('DigestSchedule/Role/Resource'))) {
        expect(
          statementsOfRole(role)
            .filter(writesLogs)
            .flatMap((statement) => asArray(statement.Resource)),
        ).toHaveLength(1);
      }
    }
  });

  test('only the tenant API may invoke its functions', () => {
    for (const { stack, template } of eachTenant()) {
      const apiId = stack.logicalId('Api/Resource');
      const permissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission'));
      const fromApi = permissions.filter((permission) => permission.Properties?.Principal === 'apigateway.amazonaws.com');
      expect(fromApi).toHaveLength(functionGroups.length);
      // Nothing else by resource policy: the inbound relay and the bounce handler are invoked by the
      // platform's dispatcher, whose role names them (mail-relay.test.ts); no service, no other account.
      expect(permissions.filter((permission) => !fromApi.includes(permission))).toEqual([]);
      for (const permission of fromApi) {
        expect(permission.Properties?.Principal).toBe('apigateway.amazonaws.com');
        // execute-api:<this API>/<any stage>/<any method>/<any path>: no other API, no other tenant.
        expect(JSON.stringify(permission.Properties?.SourceArn)).toMatch(
          new RegExp(`:execute-api:.*\\{"Ref":"${apiId}"\\},"/\\*/\\*/\\*"\\]\\]\\}$`),
        );
      }
    }
  });
});

describe('each tenant HTTP API', () => {
  test('declares exactly the route table under the tenant prefix', () => {
    for (const { tenant, template } of eachTenant()) {
      const routeKeys = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((route) => route.Properties?.RouteKey);
      expect(routeKeys.sort()).toEqual(routes.map((route) => `${route.method} ${apiPrefix(tenant.id)}${route.path}`).sort());
    }
  });

  test("sends each route to its group's function of the same tenant", () => {
    for (const { tenant, stack, template } of eachTenant()) {
      const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
      const functionOfIntegration = (integrationId: string): string | undefined => {
        const uri = integrations[integrationId]?.Properties?.IntegrationUri as { 'Fn::GetAtt': [string, string] } | undefined;
        return uri?.['Fn::GetAtt'][0];
      };
      for (const route of Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'))) {
        const routeKey = route.Properties?.RouteKey as string;
        const definition = routes.find((candidate) => `${candidate.method} ${apiPrefix(tenant.id)}${candidate.path}` === routeKey);
        const group = definition?.group as FunctionGroup;
        const target = route.Properties?.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
        expect(target['Fn::Join'][1][0]).toBe('integrations/');
        expect({ routeKey, fn: functionOfIntegration(target['Fn::Join'][1][1].Ref) }).toEqual({
          routeKey,
          fn: stack.functionIds(group).fn,
        });
      }
    }
  });

  test('has one auto-deployed default stage, throttled, with JSON access logs kept a month', () => {
    for (const { template } of eachTenant()) {
      const stages = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
      expect(stages).toHaveLength(1);
      const stage = stages[0]?.Properties ?? {};
      expect(stage.StageName).toBe('$default');
      expect(stage.AutoDeploy).toBe(true);
      expect(stage.DefaultRouteSettings).toEqual({
        ThrottlingRateLimit: appDefaults.throttle.rateLimit,
        ThrottlingBurstLimit: appDefaults.throttle.burstLimit,
      });
      const accessLogs = stage.AccessLogSettings as { DestinationArn: { 'Fn::GetAtt': [string, string] }; Format: string };
      const format = JSON.parse(accessLogs.Format) as Record<string, string>;
      expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
      const logGroup = resourcesOf(template, 'AWS::Logs::LogGroup')[accessLogs.DestinationArn['Fn::GetAtt'][0]];
      expect(logGroup?.Properties?.RetentionInDays).toBe(30);
    }
  });

  test('outputs the API URL and the table name', () => {
    for (const { tenant, stack, template } of eachTenant()) {
      const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
      const apiUrl = JSON.stringify(outputs.ApiUrl?.Value);
      expect(apiUrl).toContain(`{"Fn::GetAtt":["${stack.logicalId('Api/Resource')}","ApiEndpoint"]}`);
      expect(apiUrl).toMatch(new RegExp(`${apiPrefix(tenant.id)}"\\]\\]}$`));
      expect(outputs.TableName?.Value).toEqual({ Ref: stack.logicalId('Table/Resource') });
    }
  });
});

describe('each tenant function', () => {
  test('runs Node 22 on arm64 with the house settings and logs kept a month', () => {
    for (const { tenant, template } of eachTenant()) {
      const all = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
      // Only the groups' functions: no helper Lambda (log retention, custom resources) sneaked in.
      expect(all).toHaveLength(
        functionGroups.length + backgroundFunctionGroups.length + (hasGallery(tenant) ? sectionFunctionGroups.length : 0),
      );
      // The gallery's processing has memory and a table of its own (gallery.test.ts).
      const functions = all.filter((fn) => !String(fn.Properties?.Description).startsWith('Gallery processing'));
      const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');
      for (const fn of functions) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          MemorySize: 512,
        });
        // Behind the HTTP API (29 s at most); the scheduled jobs have minutes.
        expect(fn.Properties?.Timeout).toBeLessThanOrEqual(String(fn.Properties?.Description).startsWith('Scheduled jobs') ? 300 : 29);
        const logGroupId = (fn.Properties?.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        expect(logGroups[logGroupId]?.Properties?.RetentionInDays).toBe(30);
      }
    }
  });

  test("knows its own tenant's config, table, site and sender", () => {
    for (const { tenant, stack, template } of eachTenant()) {
      for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
        // The gallery's processing knows its tenant's id and bucket only (gallery.test.ts).
        if (String(fn.Properties?.Description).startsWith('Gallery processing')) continue;
        const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
        expect(JSON.parse(variables.TENANT_CONFIG as string)).toEqual(tenant);
        expect(variables.TABLE_NAME).toEqual({ Ref: stack.logicalId('Table/Resource') });
        expect(variables.SITE_URL).toBe(settings.siteUrl);
        // The functions that send mail know the sender (the bounce handler sends none); only the mail sender talks to SES.
        if (!String(fn.Properties?.Description).startsWith('Suppresses')) expect(variables.MAIL_FROM).toBe(settings.mailFrom);
        const sender = String(fn.Properties?.Description).startsWith('Sends the tenant');
        expect(variables.SES_CONFIGURATION_SET).toBe(sender ? settings.configurationSetName : undefined);
        // No source maps shipped by default, so Node is not asked to parse them at cold start.
        expect(variables.NODE_OPTIONS).toBeUndefined();
      }
    }
  });

  test('shares one code asset per group across every tenant stack', () => {
    const keysByGroup = new Map<FunctionGroup, Set<unknown>>();
    for (const { stack, template } of eachTenant()) {
      for (const group of functionGroups) {
        const id = stack.functionIds(group).fn;
        const code = resourcesOf(template, 'AWS::Lambda::Function')[id]?.Properties?.Code as { S3Key: string };
        keysByGroup.set(group, (keysByGroup.get(group) ?? new Set()).add(code.S3Key));
      }
    }
    for (const group of functionGroups) expect(keysByGroup.get(group)?.size).toBe(1);
    const groupCount = functionGroups.length + backgroundFunctionGroups.length + sharedFunctionGroups.length + sectionFunctionGroups.length;
    // The site's files and the CDK's own bucket deployment handler are assets of the site stack.
    const assetFolders = readdirSync(synthesized.outdir)
      .filter((name) => name.startsWith('asset.'))
      .filter((name) => !name.endsWith('.zip') && readdirSync(join(synthesized.outdir, name)).includes('index.mjs'));
    expect(assetFolders).toHaveLength(groupCount);
    for (const folder of assetFolders) {
      // The entry, and (where it loads some on first use: the mailers) its chunks; the gallery's processing, sharp for Lambda (gallery.test.ts).
      expect(readdirSync(join(synthesized.outdir, folder)).filter((name) => name !== 'chunks' && name !== 'node_modules')).toEqual([
        'index.mjs',
      ]);
    }
    for (const group of functionGroups) {
      const bundle = synthesized.bundles[group];
      expect(existsSync(join(bundle.directory, 'index.mjs'))).toBe(true);
      // Everything is inside the asset (docs/decisions/0007-one-bundle-per-function-group.md: it imports faster bundled), what is loaded on first use (the mailers) in chunks.
      expect(bundle.totalBytes).toBeGreaterThan(100_000);
      expect(bundle.initBytes).toBeLessThan(bundle.totalBytes);
    }
  });
});

describe('the platform stack', () => {
  test('holds the SES identity and the configuration set that tenant functions name', () => {
    const template = templateOf(synthesized, platformStackName);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: settings.configurationSetName });
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: settings.mailDomain });
    expect([...synthesized.templates.keys()]).toContain(platformStackName);
  });
});
