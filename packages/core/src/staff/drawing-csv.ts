import { counterNames, daysBetween, sumCounts } from '../stats/index.js';
import { csvBom, csvRow, frenchDay } from './post-csv.js';

/** The gallery's day counters, in the CSV's order: drawings sent, then each status they reached. */
const drawingColumns: [label: string, counter: string][] = [
  ['dessins envoyés', counterNames.drawingsCreated],
  ['confirmés (à relire)', counterNames.drawingsReachedStatus('pending_moderation')],
  ['image refusée', counterNames.drawingsReachedStatus('image_refused')],
  ['publiés', counterNames.drawingsReachedStatus('published')],
  ['refusés par l’équipe', counterNames.drawingsReachedStatus('rejected')],
  ['supprimés par le parent', counterNames.drawingsReachedStatus('deleted')],
];

/**
 * The gallery's figures of a period as CSV French Excel opens (BOM, `;`, CRLF): one row per day,
 * every day listed, then a total row. From the day counters the staff figures read, never from the
 * drawings themselves: no name, message or address.
 */
export function drawingsCsv(from: string, to: string, days: { day: string; counts: Record<string, number> }[]): string {
  const byDay = new Map(days.map((day) => [day.day, day.counts]));
  const cells = (counts: Record<string, number> | undefined) => drawingColumns.map(([, counter]) => counts?.[counter] ?? 0);
  return (
    csvBom +
    csvRow(['jour', ...drawingColumns.map(([label]) => label)]) +
    daysBetween(from, to)
      .map((day) => csvRow([frenchDay(day), ...cells(byDay.get(day))]))
      .join('') +
    csvRow(['total', ...cells(sumCounts(days.filter((day) => day.day >= from && day.day <= to)))])
  );
}
