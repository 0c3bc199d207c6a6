import { Arn, AssetHashType, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionBundle } from './bundling.js';

export interface HouseFunctionProps {
  /** A group's bundle, built once per synth: every tenant's function points at the same asset. */
  bundle: FunctionBundle;
  description?: string;
  /** A fixed name, for a function others call by name (the tenant routes' provider); CloudFormation's by default. */
  functionName?: string;
  /** The caller's variables; house defaults never overwrite one of them. */
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  logRetention?: logs.RetentionDays;
  /** Concurrency set aside for (and capping) this function; free, unlike provisioned concurrency. */
  reservedConcurrentExecutions?: number;
}

/**
 * What a function may do on its table: the DynamoDB operations it sends (`GetItem`, `Query` …,
 * as `@entraide/functions/table-access` declares them per group) and the indexes it queries.
 */
export interface TableGrant {
  operations: readonly string[];
  indexNames: readonly string[];
}

/** Lambda refuses a function whose variables (names and values) exceed 4 KB in total. */
const lambdaEnvironmentLimitBytes = 4 * 1024;
/** What a deploy-time value (a table name) may take once resolved. */
const tokenAllowanceBytes = 256;

/**
 * A Lambda function with the house defaults: Node 22 on arm64, the group's shared bundle, its own
 * log group (retention, removal policy) and its own role that may write only to that log group.
 * Every other right comes from a helper that grants and configures together (`bindTable`,
 * `allowSendingMail`), so a permission and the variable that uses it never drift apart.
 */
export class HouseFunction extends lambda.Function {
  readonly functionLogGroup: logs.LogGroup;
  readonly executionRole: iam.Role;
  /** The variables as set, to check Lambda's size limit at synth rather than at deploy. */
  private readonly variables: Map<string, string>;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    // Logs hold request details (IP addresses in errors, tenant ids): a month is enough to
    // investigate, and they go with the stack when a tenant is removed.
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Not AWSLambdaBasicExecutionRole: that one may create any log group and write to all of them.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${id}: its own logs, plus what bindTable/allowSendingMail grant`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    const environment = mergeEnvironment(houseEnvironment(props.bundle), props.environment ?? {});
    super(scope, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      // The bundle's own content hash: CDK skips fingerprinting the folder (and its disk cache in ~/.cdk).
      code: lambda.Code.fromAsset(props.bundle.directory, {
        assetHash: props.bundle.contentHash,
        assetHashType: AssetHashType.CUSTOM,
      }),
      handler: props.bundle.handler,
      role,
      logGroup,
      environment,
      ...(props.description ? { description: props.description } : {}),
      ...(props.functionName ? { functionName: props.functionName } : {}),
      ...(props.reservedConcurrentExecutions ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
    });
    this.functionLogGroup = logGroup;
    this.executionRole = role;
    this.variables = new Map(Object.entries(environment));
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node 22 on purpose: the local runtime, tests and benchmarks run Node 20 (docs/decisions/0008-node-versions.md) and bundles target node20; 22 is the supported Lambda runtime closest to that toolchain (Lambda support until 2027-04-30). Move to 24 together with the local Node.',
    });
    this.node.addValidation({ validate: () => this.validateEnvironmentSize() });
  }

  /**
   * Grants exactly the operations the function sends, on the table and the indexes it queries
   * (never `index/*`), and sets `TABLE_NAME`, together. An operation or index left out shows up
   * as AccessDenied: declare it in the group's table access.
   */
  bindTable(table: dynamodb.ITable, grant: TableGrant): void {
    const indexArns = grant.indexNames.map((indexName) => `${table.tableArn}/index/${indexName}`);
    iam.Grant.addToPrincipal({
      grantee: this,
      actions: grant.operations.map((operation) => `dynamodb:${operation}`),
      resourceArns: [table.tableArn, ...indexArns],
    });
    this.addEnvironment('TABLE_NAME', table.tableName);
  }

  /**
   * Allows `ses:SendEmail` (SES v2, the only call the mailer makes) from the platform's SES identity
   * only (and through its configuration set, which SES also authorises when a message names one),
   * and sets the variables for it.
   */
  allowSendingMail(mail: MailSettings): void {
    const stack = Stack.of(this);
    const sesArn = (resource: string, resourceName: string) => Arn.format({ service: 'ses', resource, resourceName }, stack);
    const resources = [sesArn('identity', mail.identity)];
    if (mail.configurationSetName) resources.push(sesArn('configuration-set', mail.configurationSetName));
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources,
      }),
    );
    this.addEnvironment('MAIL_FROM', mail.from);
    if (mail.configurationSetName) this.addEnvironment('SES_CONFIGURATION_SET', mail.configurationSetName);
  }

  override addEnvironment(key: string, value: string, options?: lambda.EnvironmentOptions): this {
    super.addEnvironment(key, value, options);
    // Unset while the base constructor runs; the constructor records its variables right after.
    this.variables?.set(key, value);
    return this;
  }

  private validateEnvironmentSize(): string[] {
    const bytes = [...this.variables].reduce(
      (total, [name, value]) =>
        total + Buffer.byteLength(name) + (Token.isUnresolved(value) ? tokenAllowanceBytes : Buffer.byteLength(value)),
      0,
    );
    return bytes > lambdaEnvironmentLimitBytes
      ? [`environment of ${this.node.path} is about ${bytes} bytes; Lambda allows ${lambdaEnvironmentLimitBytes}`]
      : [];
  }
}

/** Who mail comes from, as the platform stack set it up. */
export interface MailSettings {
  /** The verified SES identity: a domain (`entraide.example`). */
  identity: string;
  /** The `From:` header, on that identity's domain. */
  from: string;
  configurationSetName?: string;
}

function houseEnvironment(bundle: FunctionBundle): Record<string, string> {
  // Source maps cost parse time at every cold start: only ask Node for them when they are shipped.
  return bundle.sourceMap ? { NODE_OPTIONS: '--enable-source-maps' } : {};
}

/** House defaults first, the caller's variables over them: a default never replaces a caller's value. */
function mergeEnvironment(defaults: Record<string, string>, caller: Record<string, string>): Record<string, string> {
  return { ...defaults, ...caller };
}
