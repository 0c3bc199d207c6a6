/**
 * One line of `npm run bench`'s summary. Every bench module exports a function returning these
 * (`bench/index.ts` finds it): `met` is null for a figure that is reported without a target.
 */
export interface BenchFigure {
  figure: string;
  value: string | number;
  target: string;
  met: boolean | null;
}

/** A function a bench module exports for `npm run bench`; options are all optional. */
export type FigureSource = () => Promise<BenchFigure[]> | BenchFigure[];
