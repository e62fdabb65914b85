/**
 * The report of a small real campaign: a two-iteration loop of 12 runs of
 * 2000 events over the built-in generator (about 15 s), made once for this
 * file; every test only reads it or writes its own report folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCampaignFile, type CampaignConfig } from '../../src/campaign/index.js';
import { runCli } from '../../src/cli/index.js';
import { runLoop } from '../../src/loop/index.js';
import { writeCampaignPointer } from '../../src/pool/index.js';
import { findCampaignResults, writeReport, type ReportOutcome } from '../../src/report/index.js';
import { formatValue } from '../../src/report/html.js';
import { decodePng, greyVariance } from '../plots/png.js';

const REFERENCE = fileURLToPath(new URL('../../reference-data/pseudodata/ALEPH_1996_S3486095.yoda', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

const CAMPAIGN = `name: small
seed: 2026
parameters:
  TimeShower:alphaSvalue: { range: [0.10, 0.16], truth: 0.128 }
  StringZ:aLund: { range: [0.3, 1.0] }
  StringPT:sigma: { range: [0.25, 0.45] }
generator: { kind: builtin }
analyses: [ALEPH_1996_S3486095]
reference: [${REFERENCE}]
weights:
  - /ALEPH_1996_S3486095/d01-x01-y01 1
  - /ALEPH_1996_S3486095/d03-x01-y01 1
runs: 12
events: 2000
sampling: lhs
surrogate: { kind: polynomial, order: 1 }
tune: { delta-chi2: 2 }
iterations: { count: 2, shrink: 0.5 }
`;

let root: string;
let dir: string;
let config: CampaignConfig;
let report: ReportOutcome;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mctune-report-'));
  const file = join(root, 'small.yaml');
  writeFileSync(file, CAMPAIGN);
  config = readCampaignFile(file);
  dir = join(root, 'small');
  mkdirSync(dir);
  writeCampaignPointer(dir, file);
  await runLoop(config, dir, { workers: 2 });
  report = await writeReport(dir, { histograms: 'fitted' });
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeReport', () => {
  it('writes index.html, a spec and a non-blank PNG per plot', () => {
    const { content } = report;
    const ids = content.plots.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['chi2', 'correlation', 'trajectories', 'sensitivity', 'surrogate-validation', 'histogram-ALEPH_1996_S3486095_d01-x01-y01', 'histogram-ALEPH_1996_S3486095_d03-x01-y01']));
    expect(readdirSync(join(report.dir, 'specs')).sort()).toEqual(ids.map((id) => `${id}.vl.json`).sort());
    expect(readdirSync(join(report.dir, 'png')).sort()).toEqual(ids.map((id) => `${id}.png`).sort());
    for (const id of ids) {
      const spec = JSON.parse(readFileSync(join(report.dir, 'specs', `${id}.vl.json`), 'utf8')) as { $schema?: string };
      expect(spec.$schema).toMatch(/vega-lite/);
      expect(greyVariance(decodePng(readFileSync(join(report.dir, 'png', `${id}.png`)))), id).toBeGreaterThan(0);
    }
  });

  it('shows the tune: parameter names, values and σ, χ²/Ndf, eigentunes and the run statistics', () => {
    const html = readFileSync(report.index, 'utf8');
    const { doc } = findCampaignResults(dir).main;
    for (const name of config.parameters.map((p) => p.name)) {
      expect(html).toContain(name);
      expect(html).toContain(formatValue(doc.best.get(name), 6));
      expect(html).toContain(formatValue(doc.sigma.get(name), 3));
    }
    expect(html).toContain(`${formatValue(doc.chi2, 4)}/${doc.ndf}`);
    for (const e of doc.eigentuneDetails) expect(html).toContain(e.name);
    expect(report.content.runs.done).toBe(report.content.runs.total);
    expect(report.content.runs.events).toBe(2000 * report.content.runs.done);
    expect(html).toContain((2000 * report.content.runs.done).toLocaleString('en-US'));
    expect(report.content.validation?.overall.count).toBeGreaterThan(0);
    // The analysis' title labels the x axis.
    expect(readFileSync(join(report.dir, 'specs', 'histogram-ALEPH_1996_S3486095_d03-x01-y01.vl.json'), 'utf8')).toContain('1 - T (charged)');
  });

  it('is self-contained: inline SVGs, nothing loaded from elsewhere', () => {
    const html = readFileSync(report.index, 'utf8');
    expect((html.match(/<svg\b/g) ?? []).length).toBe(report.content.plots.length);
    expect(html).not.toMatch(/<script\b|<img\b|<link[^>]+stylesheet|https?:\/\/(?!www\.w3\.org)/);
  });

  it('replaces the whole folder when run again, and leaves no temp folder', async () => {
    const stray = join(report.dir, 'stray.txt');
    const again = await writeReport(dir, { histograms: 'fitted', campaign: config });
    writeFileSync(stray, 'left from before');
    const third = await writeReport(dir, { histograms: 'all', campaign: config });
    expect(existsSync(stray)).toBe(false);
    expect(third.content.plots.length).toBeGreaterThan(again.content.plots.length);
    expect(readdirSync(dir).filter((n) => n.startsWith('.report'))).toEqual([]);
    report = await writeReport(dir, { histograms: 'fitted', campaign: config });
  }, 60_000);

  it('says which file is missing for a folder without a tune or campaign.json', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty, { recursive: true });
    await expect(writeReport(empty)).rejects.toThrow(/campaign\.json: missing; give the campaign file with --campaign FILE/);
    await expect(writeReport(empty, { campaign: config })).rejects.toThrow(/no finished tune: expected tune\/results\.yaml/);
  });

  it('mctune report prints the page and exits 0', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['report', dir, '--fitted-only'], { out: (t) => out.push(t), err: (t) => err.push(t) });
    expect(code).toBe(0);
    expect(out.join('')).toBe(`${join(dir, 'report', 'index.html')}\n`);
    expect(err.join('')).toMatch(/plot 1\/\d+: chi2/);
  }, 60_000);
});

describe.skipIf(!existsSync(CHROMIUM))('the report in headless Chromium', () => {
  it('opens without console errors and shows the marks of every plot', async () => {
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(join(root, 'chromium-profile-'));
    // No network on the test machines: everything that would phone home is off.
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      await page.goto(pathToFileURL(report.index).href);
      // Evaluated in the page as text: the tests are compiled without the DOM's types.
      const MARKS = 'g.role-mark > path, g.role-mark > line, g.role-mark > rect, g.role-mark > circle, g.role-mark > text';
      const marks = await page.evaluate<{ id: string | null; marks: number; width: number }[]>(`[...document.querySelectorAll('figure.plot')].map((f) => ({ id: f.getAttribute('data-plot'), marks: f.querySelectorAll('${MARKS}').length, width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0 }))`);
      expect(marks.map((m) => m.id).sort()).toEqual(report.content.plots.map((p) => p.id).sort());
      for (const m of marks) {
        expect(m.marks, m.id ?? '').toBeGreaterThan(0);
        expect(m.width, m.id ?? '').toBeGreaterThan(100);
      }
      expect(await page.locator('#parameters td').first().textContent()).toBe(config.parameters[0].name);
      const shot = join(root, 'report-screenshot.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(greyVariance(decodePng(readFileSync(shot)))).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});

if (!existsSync(CHROMIUM)) console.warn(`test/report: ${CHROMIUM} is absent; the headless Chromium test is skipped (apt-get install chromium to run it)`);
