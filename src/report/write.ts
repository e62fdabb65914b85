/**
 * Writing `<campaign>/report/` as a whole: index.html, specs/*.vl.json and
 * png/*.png are made in a temp folder beside it, which then replaces the old
 * report (fsutil's replaceDirSync: old aside, new in place, old removed).
 * A reader never sees a half-written report, and an interrupted run leaves the
 * previous report as it was (plus a dot-folder the next run clears away).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMPAIGN_POINTER } from '../pool/index.js';
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

/** The campaign file a campaign folder records in campaign.json (what `mctune run` and `loop` write there). */
export function recordedCampaignFile(campaignDir: string): string {
  const pointer = join(campaignDir, CAMPAIGN_POINTER);
  if (!existsSync(pointer)) throw new Error(`${pointer}: missing; give the campaign file with --campaign FILE`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(pointer, 'utf8'));
  } catch (e) {
    throw new Error(`${pointer}: not JSON (${(e as Error).message}); expected {"file": "path of the campaign file"}`, { cause: e });
  }
  const file = (parsed as { file?: unknown } | null)?.file;
  if (typeof file !== 'string') throw new Error(`${pointer}: expected {"file": "path of the campaign file"}`);
  return file;
}

/** Removes report temp folders of processes that are gone (a report killed half-way). */
function clearStaleTemps(campaignDir: string): void {
  for (const name of readdirSync(campaignDir)) {
    const m = /^\.report\.(?:tmp|old)-(\d+)-[0-9a-f]+$/.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    rmSync(join(campaignDir, name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
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
  const config = typeof options.campaign === 'object' ? options.campaign : readCampaignFile(options.campaign ?? recordedCampaignFile(campaignDir));
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
