import type { DocClient } from '@entraide/dynamodb-store';
import { tableAccess, type TableAccessGroup } from '@entraide/functions/table-access';

/**
 * A document client that notes what each command asks of the table (`GetItem`, `Query`, or
 * `Query on gsi1`) before passing it on: what a function group's code really sends, to hold
 * against what its role is granted.
 */
export function recordingDocClient(inner: DocClient): { client: DocClient; sent: Set<string> } {
  const sent = new Set<string>();
  return {
    sent,
    client: {
      send: (command) => {
        const indexName = (command.input as { IndexName?: string }).IndexName;
        sent.add(indexName ? `${command.operation} on ${indexName}` : command.operation);
        return inner.send(command);
      },
    },
  };
}

/** What `group` sent that its grant (infra's `bindTable` of its table access) would refuse: [] when all was allowed. */
export function beyondGrant(group: TableAccessGroup, sent: Set<string>): string[] {
  const { operations, indexNames } = tableAccess[group];
  const queries = (operations as readonly string[]).includes('Query') ? indexNames.map((indexName) => `Query on ${indexName}`) : [];
  const allowed = new Set<string>([...operations, ...queries]);
  return [...sent].filter((request) => !allowed.has(request));
}
