/**
 * Rendering without a browser: vega-lite compiles a spec to vega, a headless
 * vega View (`renderer: 'none'`) writes SVG, and resvg (a Rust SVG renderer
 * whose binary comes inside its npm package) turns the SVG into a PNG. Nothing
 * is fetched: specs carry their data inline, and resvg uses the fonts
 * installed on the machine (text is left out where there are none; the marks
 * still render).
 */
import { Resvg } from '@resvg/resvg-js';
import { parse as parseVega, View, type LoggerInterface } from 'vega';
import { compile } from 'vega-lite';
import type { PlotSpec } from './spec.js';

export interface RenderOptions {
  /**
   * Receives vega-lite's and vega's warnings (a conflicting axis title, an
   * unsupported channel). Default: dropped, so that a report's command line
   * stays readable; tests pass a collector and expect none.
   */
  readonly onWarning?: (message: string) => void;
}

/** The plot as an SVG document (a string starting with `<svg`). */
export async function renderSvg(spec: PlotSpec, options: RenderOptions = {}): Promise<string> {
  const logger = new WarningLogger(options.onWarning ?? (() => undefined));
  let view: View;
  try {
    view = new View(parseVega(compile(spec, { logger }).spec), { renderer: 'none', logger });
  } catch (e) {
    throw new Error(`cannot compile the plot ${JSON.stringify(titleOf(spec))}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit; default 2 (sharp on high-density screens and in print). */
  readonly scale?: number;
  /** Background colour; default white (a transparent PNG reads badly in most viewers). */
  readonly background?: string;
}

/** The SVG rasterised to a PNG file's bytes. */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  return rasterise(svg, options).asPng();
}

/** The SVG rasterised to RGBA pixels (width × height × 4 bytes), for checks that need no PNG decoder. */
export function svgToPixels(svg: string, options: PngOptions = {}): { width: number; height: number; pixels: Uint8Array } {
  const image = rasterise(svg, options);
  return { width: image.width, height: image.height, pixels: new Uint8Array(image.pixels) };
}

function rasterise(svg: string, options: PngOptions) {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: options.background ?? 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render();
}

/** SVG and PNG of one plot. */
export async function renderPlot(spec: PlotSpec, options: PngOptions & RenderOptions = {}): Promise<{ svg: string; png: Buffer }> {
  const svg = await renderSvg(spec, options);
  return { svg, png: svgToPng(svg, options) };
}

/**
 * Prefixes every `id` of an SVG and the references to it (`url(#…)`,
 * `href="#…"`). vega names clip paths and gradients by a counter (clip1,
 * clip2, …) that starts again in every process, so two plots inlined in one
 * HTML page could otherwise clip each other's marks with the wrong clip path.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  if (!/^[A-Za-z][\w-]*$/.test(prefix)) throw new Error(`scopeSvgIds: prefix ${JSON.stringify(prefix)} must be a letter followed by letters, digits, '_' or '-'`);
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}

function titleOf(spec: PlotSpec): string {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === 'string') return title;
  if (typeof title === 'object' && title !== null && 'text' in title && typeof title.text === 'string') return title.text;
  return '(untitled)';
}

/** vega's logger interface, passing warnings and errors on as text and dropping info and debug lines. */
class WarningLogger implements LoggerInterface {
  private current = 2;

  constructor(private readonly onWarning: (message: string) => void) {}

  level(value?: number): number | this {
    if (value === undefined) return this.current;
    this.current = value;
    return this;
  }

  // Arrow properties: vega calls these detached from the logger (as plain functions), so `this` must be bound here.
  error = (...args: unknown[]): this => {
    this.onWarning(`error: ${args.map(String).join(' ')}`);
    return this;
  };

  warn = (...args: unknown[]): this => {
    this.onWarning(args.map(String).join(' '));
    return this;
  };

  info(): this {
    return this;
  }

  debug(): this {
    return this;
  }
}
