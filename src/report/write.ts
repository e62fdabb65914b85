/**
 * Writing `<campaign>/report/` as a whole: index.html, specs/*.vl.json and
 * png/*.png are made in a temp folder beside it, which then replaces the old
 * report (fsutil's replaceDirSync: old aside, new in place, old removed).
 * A reader never sees a half-written report, and an interrupted run leaves the
 * previous report as it was (plus a dot-folder the next run clears away).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leftByGoneProcess, readCampaignPointer } from '../pool/index.js';
import { readCampaignFile, type CampaignConfig } from '../campaign/index.js';
import { renderSvg, scopeSvgIds, svgToPng } from '../plots/index.js';
import { replaceDirSync, tempPathFor } from '../fsutil/index.js';
import { gatherReport, type ReportContent, type ReportOptions } from './content.js';
import { reportHtml } from './html.js';

export const REPORT_DIR = 'report';

export interface WriteReportOptions extends ReportOptions {
  /** The campaign file, or its parsed form; default: the one the campaign folder records in campaign.json. */
  readonly campaign?: string | CampaignConfig;
  /** Called after each plot is rendered (for progress lines). */
  readonly onPlot?: (done: number, total: number, id: string) => void;
  /** Pixels per SVG unit in the PNGs; default 2. */
  readonly pngScale?: number;
}

export interface ReportOutcome {
  /** The report folder (`<campaign>/report`). */
  readonly dir: string;
  readonly index: string;
  readonly content: ReportContent;
}

/** Removes report temp folders of processes that are gone (a report killed half-way). */
function clearStaleTemps(campaignDir: string): void {
  for (const name of readdirSync(campaignDir)) {
    const m = /^\.report\.(?:tmp|old)-(\d+)-[0-9a-f]+$/.exec(name);
    if (!m || !leftByGoneProcess(Number(m[1]))) continue;
    rmSync(join(campaignDir, name), { recursive: true, force: true });
  }
}

/** Renders every plot into `temp` (specs/, png/) and returns the SVGs, ids scoped for inlining. */
async function renderPlots(content: ReportContent, temp: string, options: WriteReportOptions): Promise<Map<string, string>> {
  mkdirSync(join(temp, 'specs'));
  mkdirSync(join(temp, 'png'));
  const svgs = new Map<string, string>();
  for (const [k, plot] of content.plots.entries()) {
    writeFileSync(join(temp, 'specs', `${plot.id}.vl.json`), JSON.stringify(plot.spec, null, 1) + '\n');
    const svg = await renderSvg(plot.spec);
    writeFileSync(join(temp, 'png', `${plot.id}.png`), svgToPng(svg, { scale: options.pngScale ?? 2 }));
    svgs.set(plot.id, scopeSvgIds(svg, `p${k}`));
    options.onPlot?.(k + 1, content.plots.length, plot.id);
  }
  return svgs;
}

/** Writes `<campaignDir>/report/` (replacing any earlier report) and returns where. */
export async function writeReport(campaignDir: string, options: WriteReportOptions = {}): Promise<ReportOutcome> {
  const config = typeof options.campaign === 'object' ? options.campaign : readCampaignFile(options.campaign ?? readCampaignPointer(campaignDir));
  const content = gatherReport(campaignDir, config, options);
  clearStaleTemps(campaignDir);
  const target = join(campaignDir, REPORT_DIR);
  const temp = tempPathFor(target);
  mkdirSync(temp);
  try {
    const svgs = await renderPlots(content, temp, options);
    writeFileSync(join(temp, 'index.html'), reportHtml(content, svgs, new Date()));
    replaceDirSync(temp, target);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return { dir: target, index: join(target, 'index.html'), content };
}
