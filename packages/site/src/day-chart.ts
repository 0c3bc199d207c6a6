import { h } from './dom.js';
import { formatDate, formatNumber } from './i18n.js';

const svgNs = 'http://www.w3.org/2000/svg';
const svg = <K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] => {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
};

/**
 * A figure per day as bars drawn in SVG (the site's own, no chart library), and the same figures in
 * a table for screen readers and print: the staff's posts per day, a campaign's items returned per day.
 * `bar` is the figure drawn; `cells` every figure of the table's row, under `columns`.
 */
export function perDayChart(options: {
  id?: string;
  caption: string;
  dayColumn: string;
  columns: string[];
  days: { day: string; bar: number; cells: number[] }[];
}): HTMLElement {
  const { days, caption } = options;
  const max = Math.max(1, ...days.map((day) => day.bar));
  const width = Math.max(1, days.length) * 12;
  const chart = svg('svg', { viewBox: `0 0 ${width} 104`, class: 'chart', 'aria-hidden': 'true', focusable: 'false' });
  chart.append(svg('line', { x1: 0, y1: 100, x2: width, y2: 100, stroke: '#161616', 'stroke-width': 1 }));
  days.forEach((day, index) => {
    const height = (day.bar / max) * 96;
    chart.append(svg('rect', { x: index * 12 + 2, y: 100 - height, width: 8, height, fill: '#000091' }));
  });
  return h(
    'figure',
    { className: 'chart-figure', id: options.id },
    h('figcaption', {}, caption),
    chart,
    h(
      'details',
      {},
      h('summary', {}, options.dayColumn),
      h(
        'table',
        {},
        h('caption', {}, caption),
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, options.dayColumn), ...options.columns.map((column) => h('th', { scope: 'col' }, column))),
        ),
        h(
          'tbody',
          {},
          ...days.map((day) =>
            h('tr', {}, h('th', { scope: 'row' }, formatDate(day.day)), ...day.cells.map((cell) => h('td', {}, formatNumber(cell)))),
          ),
        ),
      ),
    ),
  );
}
