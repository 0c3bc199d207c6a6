/**
 * The one definition of a tenant table's keys and indexes: the CDK stack and the local runtime's
 * CreateTable both read it, so they cannot drift. The embedded DynamoDB cannot add an index later
 * (UpdateTable is a no-op there), so every index is declared here, up front.
 *
 * Every key starts with `T#<tenant>#`: a pooled table shared by small tenants stays possible
 * (IAM `dynamodb:LeadingKeys`).
 */
export const tableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    // gsi1: a tenant's lists: published posts, posts by status, follow-ups due, flags for staff (keys.ts).
    { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' }, projection: 'ALL' },
    // gsi2: a tenant's published posts by section (keys.ts).
    { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' }, projection: 'ALL' },
  ],
  /** Epoch seconds after which DynamoDB may delete the item; reads never rely on it. */
  timeToLiveAttribute: 'purgeAt',
} as const;

export type TableDefinition = typeof tableDefinition;

/** The local name of a tenant's table (in AWS, CloudFormation names it). */
export const localTableName = (tenantId: string): string => `entraide-${tenantId}`;

/**
 * In AWS, CloudFormation names a tenant's table after its stack (`Entraide-<tenant>`, infra's
 * `tenantStackName`) and the table's id: `Entraide-<tenant>-Table<hash>-<suffix>`. The operator's
 * tools (`npm run report -- --aws`, `npm run reindex -- --aws`) find it by this prefix.
 */
export const deployedTablePrefix = (tenantId: string): string => `Entraide-${tenantId}-Table`;
