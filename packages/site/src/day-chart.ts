import { h } from './dom.js';
import { formatDate, formatNumber } from './i18n.js';

const svgNs = 'http://www.w3.org/2000/svg';
const svg = <K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] => {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
};

/** How each series' bars are drawn: full, then hatched (told apart by shape, never by colour alone). */
const seriesFills = ['#000091', 'url(#hatched)'];

/**
 * Figures per day as bars drawn in SVG (the site's own, no chart library), and the same figures in
 * a table for screen readers and print: the staff's posts and connections per day, a campaign's items
 * returned per day. `bars` are the figures drawn, side by side (a legend names them when `series`
 * does); `cells` every figure of the table's row, under `columns`.
 */
export function perDayChart(options: {
  id?: string;
  caption: string;
  dayColumn: string;
  columns: string[];
  /** The name of each bar of a day, for the legend (a chart of one bar a day needs none). */
  series?: string[];
  days: { day: string; bars: number[]; cells: number[] }[];
}): HTMLElement {
  const { days, caption } = options;
  const perDay = Math.max(1, ...days.map((day) => day.bars.length));
  const max = Math.max(1, ...days.flatMap((day) => day.bars));
  const slot = 4 + perDay * 8;
  const width = Math.max(1, days.length) * slot;
  const chart = svg('svg', { viewBox: `0 0 ${width} 104`, class: 'chart', 'aria-hidden': 'true', focusable: 'false' });
  if (perDay > 1) {
    const pattern = svg('pattern', { id: 'hatched', width: 3, height: 3, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
    pattern.append(
      svg('rect', { width: 3, height: 3, fill: '#ffffff' }),
      svg('line', { x1: 0, y1: 0, x2: 0, y2: 3, stroke: '#b34000', 'stroke-width': 2 }),
    );
    const defs = svg('defs', {});
    defs.append(pattern);
    chart.append(defs);
  }
  chart.append(svg('line', { x1: 0, y1: 100, x2: width, y2: 100, stroke: '#161616', 'stroke-width': 1 }));
  days.forEach((day, index) => {
    day.bars.forEach((bar, series) => {
      const height = (bar / max) * 96;
      chart.append(
        svg('rect', {
          x: index * slot + 2 + series * 8,
          y: 100 - height,
          width: 8,
          height,
          fill: seriesFills[series % seriesFills.length]!,
          ...(series % 2 ? { stroke: '#b34000', 'stroke-width': 0.5 } : {}),
        }),
      );
    });
  });
  const legend = options.series
    ? h(
        'ul',
        { className: 'chart-legend' },
        ...options.series.map((name, series) => h('li', { className: `legend-${series % seriesFills.length}` }, name)),
      )
    : null;
  return h(
    'figure',
    { className: 'chart-figure', id: options.id },
    h('figcaption', {}, caption),
    legend,
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
