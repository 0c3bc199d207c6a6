/**
 * Where `npm start`'s time goes, from the performance marks set along the way (`entraide:*`), in ms
 * since the process started. The launcher's marks are there only when it ran (`npm start`).
 */
const phases = [
  { mark: 'entraide:launcher', key: 'node', label: 'node' },
  { mark: 'entraide:bundle-ready', key: 'bundle', label: 'bundle check' },
  { mark: 'entraide:modules-loaded', key: 'modules', label: 'modules' },
  { mark: 'entraide:site-ready', key: 'site', label: 'site check' },
  { mark: 'entraide:dynamodb-up', key: 'dynamodb', label: 'DynamoDB' },
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
  const sesUpAt = markAt('entraide:ses-up');
  if (sesUpAt !== undefined) marks.sesUpAt = Math.round(sesUpAt);
  const ses = sesUpAt === undefined ? '' : `; SES (own thread) up at ${seconds(sesUpAt)} s`;
  return { marks, summary: `API ready ${seconds(marks.apiReadyAt)} s after launch (${parts.join(', ')})${ses}` };
}
