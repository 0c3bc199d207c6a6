import type { KitFigures, PublicSection } from '@entraide/core/schemas';
import { h } from './dom.js';
import { formatNumber, t, type MessageKey } from './i18n.js';

/** A campaign's settings as `GET /config` gives them (a section of type `campaign`). */
export type PublicCampaign = NonNullable<PublicSection['campaign']>;

/** "87 %", or "—" when nothing is expected yet. */
const rate = (value: number | null): string => (value === null ? '—' : `${formatNumber(value * 100, 0)} %`);

/** Figures as the staff page draws them (a grid of `dt`/`dd`), in the order given. */
export function kitFiguresList(
  id: string,
  figures: Partial<Record<keyof KitFigures | 'kitsReceived' | 'kitsInStock' | 'volunteers', number | null>>,
): HTMLElement {
  return h(
    'dl',
    { className: 'figures', id },
    ...Object.entries(figures).map(([name, value]) =>
      h(
        'div',
        { className: 'figure' },
        h('dt', {}, t(`kits.${name}` as MessageKey)),
        h('dd', {}, name === 'returnRate' ? rate(value ?? null) : formatNumber(value ?? 0)),
      ),
    ),
  );
}
