/**
 * The screens are laid out as rows of styled segments, computed to the
 * terminal's width by plain functions, and only then turned into ink
 * elements. Exact widths keep every row in place from one frame to the next,
 * so ink's diff rewrites only the cells that changed.
 */
import { Box, Text } from 'ink';
import { createElement as h, type ReactElement } from 'react';
import { chars, fit } from './draw.js';
import type { StyledRun } from './plot.js';

export interface Segment {
  readonly text: string;
  readonly color?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export type Line = readonly Segment[];

export const plain = (text: string): Segment => ({ text });

/** A line of one segment, cut or padded to `width`. */
export function textLine(text: string, width: number, style: Omit<Segment, 'text'> = {}): Line {
  return [{ ...style, text: fit(text, width) }];
}

/** The line cut or padded to `width`, keeping its segments' styles. */
export function fitLine(line: Line, width: number): Line {
  const out: Segment[] = [];
  let left = width;
  for (const s of line) {
    if (left <= 0) break;
    const n = chars(s.text).length;
    out.push(n <= left ? s : { ...s, text: fit(s.text, left) });
    left -= Math.min(n, left);
  }
  if (left > 0) out.push({ text: ' '.repeat(left) });
  return out;
}

/** Two blocks of lines side by side, the left one `leftWidth` wide, with a one-column gap. */
export function besideLines(left: readonly Line[], right: readonly Line[], leftWidth: number, rightWidth: number): Line[] {
  const rows = Math.max(left.length, right.length);
  return Array.from({ length: rows }, (_, r) => [...fitLine(left[r] ?? [], leftWidth), plain(' '), ...fitLine(right[r] ?? [], rightWidth)]);
}

const PLOT_COLOURS: Record<StyledRun['style'], Omit<Segment, 'text'>> = {
  axis: { dim: true },
  line: { color: 'yellow' },
  points: { color: 'cyan' },
  plain: {},
};

/** A plotted row as segments. */
export function plotLine(runs: readonly StyledRun[]): Line {
  return runs.map((r) => ({ ...PLOT_COLOURS[r.style], text: r.text }));
}

/** The text of a line without its styles (tests, logs). */
export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

/** The lines as one ink column; each row is one Text, cut rather than wrapped should it be too long. */
export function renderLines(lines: readonly Line[]): ReactElement {
  return h(
    Box,
    { flexDirection: 'column' },
    ...lines.map((line, r) =>
      h(
        Text,
        { key: r, wrap: 'truncate' },
        ...line.map((s, i) => h(Text, { key: i, ...(s.color ? { color: s.color } : {}), bold: s.bold === true, dimColor: s.dim === true, inverse: s.inverse === true }, s.text)),
      ),
    ),
  );
}
