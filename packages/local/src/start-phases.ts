/**
 * Where `npm start`'s time goes, from the performance marks set along the way (`entraide:*`), in ms
 * since the process started: the main thread's phases one after the other, then when the servers'
 * own threads were up. The launcher's marks are there only when it ran (`npm start`).
 */
const phases = [
  { mark: 'entraide:launcher', key: 'node', label: 'node' },
  { mark: 'entraide:bundle-ready', key: 'bundle', label: 'bundle check' },
  { mark: 'entraide:modules-loaded', key: 'modules', label: 'modules' },
  { mark: 'entraide:site-ready', key: 'site', label: 'site check' },
  // DynamoDB's thread started before the modules loaded: what is left of its start after them.
  { mark: 'entraide:dynamodb-up', key: 'dynamodb', label: 'waiting for DynamoDB' },
  { mark: 'entraide:api-ready', key: 'tables', label: 'tables and handlers' },
] as const;

export interface StartPhases {
  /** Each phase's duration, then `apiReadyAt` and `sesUpAt` (ms since the process started). */
  marks: Record<string, number>;
  summary: string;
}

const markAt = (name: string): number | undefined => performance.getEntriesByName(name, 'mark')[0]?.startTime;
const seconds = (ms: number): string => (ms / 1000).toFixed(2);

export function startPhases(): StartPhases {
  const marks: Record<string, number> = {};
  const parts: string[] = [];
  let previous = 0;
  for (const phase of phases) {
    const at = markAt(phase.mark);
    if (at === undefined) continue;
    marks[phase.key] = Math.round(at - previous);
    parts.push(`${phase.label} ${seconds(at - previous)}`);
    previous = at;
  }
  marks.apiReadyAt = Math.round(markAt('entraide:api-ready') ?? previous);
  const threads: string[] = [];
  for (const [mark, key, label] of [
    ['entraide:dynamodb-thread-up', 'dynamoUpAt', 'DynamoDB'],
    ['entraide:ses-up', 'sesUpAt', 'SES (started after the API)'],
    ['entraide:s3-up', 's3UpAt', 'S3 (beside SES)'],
  ] as const) {
    const at = markAt(mark);
    if (at === undefined) continue;
    marks[key] = Math.round(at);
    threads.push(`${label} at ${seconds(at)} s`);
  }
  const onThreads = threads.length > 0 ? `; on their own threads, up: ${threads.join(', ')}` : '';
  return { marks, summary: `API ready ${seconds(marks.apiReadyAt)} s after launch (${parts.join(', ')})${onThreads}` };
}
