/**
 * The report page: one self-contained HTML file (styles inline, every plot an
 * inline SVG, no script), so it opens from a laptop's disk, an e-mail or a
 * cluster's file share without network. Each plot links its PNG and its
 * vega-lite spec, which lie beside the page.
 */
import type { ReportContent, ReportPlot, ReportSection } from './content.js';
import type { TuneDocument } from '../tune/index.js';

const STYLE = `
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 1.5em auto; max-width: 1400px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; } th { background: #f3f3f3; }
td.name, th.name { text-align: left; font-family: "DejaVu Sans Mono", monospace; }
.meta { color: #555; } .notes li { color: #7a5200; }
.plots { display: flex; flex-wrap: wrap; gap: 1.2em; }
figure.plot { margin: 0; border: 1px solid #e4e4e4; padding: 0.5em; background: #fff; }
figure.plot figcaption { font-size: 0.85em; color: #555; margin-top: 0.3em; }
figure.plot svg { max-width: 100%; height: auto; display: block; }
.fitted { color: #1a7f37; font-weight: bold; }
`;

const SECTION_TITLES: Record<ReportSection, string> = {
  tune: 'The tune',
  surrogate: 'The surrogate',
  histograms: 'Data and tune, histogram by histogram',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Significant digits without trailing noise; '–' for what is unknown. */
export function formatValue(v: number | undefined, digits = 4): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 1e6 || abs < 1e-4 ? v.toExponential(digits - 1) : String(Number(v.toPrecision(digits)));
}

function table(header: readonly string[], rows: readonly (readonly string[])[], nameColumns = 1, id?: string): string {
  const cell = (tag: string, text: string, i: number) => `<${tag}${i < nameColumns ? ' class="name"' : ''}>${text}</${tag}>`;
  const head = `<tr>${header.map((h, i) => cell('th', escapeHtml(h), i)).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('\n');
  return `<table${id ? ` id="${id}"` : ''}>\n${head}\n${body}\n</table>`;
}

function parameterTable(content: ReportContent): string {
  const { doc } = content.results.main;
  const specs = new Map(content.config.parameters.map((p) => [p.name, p]));
  const withTruth = content.config.parameters.some((p) => p.truth !== undefined);
  const header = ['parameter', 'value', 'σ', 'σ (fit alone)', 'range', ...(withTruth ? ['truth', '(value − truth)/σ'] : [])];
  const rows = doc.names.map((name) => {
    const value = doc.best.get(name);
    const sigma = doc.sigma.get(name);
    const spec = specs.get(name);
    const fixed = doc.fixed.includes(name);
    const truth = spec?.truth;
    const pull = truth !== undefined && value !== undefined && sigma ? (value - truth) / sigma : undefined;
    return [
      escapeHtml(name),
      formatValue(value, 6),
      fixed ? 'fixed' : formatValue(sigma, 3),
      fixed ? '' : formatValue(doc.sigmaFit.get(name), 3),
      spec ? `[${formatValue(spec.low)}, ${formatValue(spec.high)}]` : '–',
      ...(withTruth ? [formatValue(truth), formatValue(pull, 2)] : []),
    ];
  });
  return table(header, rows, 1, 'parameters');
}

function chi2Table(content: ReportContent): string {
  const { doc } = content.results.main;
  const pulls = new Map(content.validation?.perHistogram.map((h) => [h.path, h]) ?? []);
  const rows = [...doc.histograms]
    .sort((a, b) => b.chi2 - a.chi2)
    .map((h) => [escapeHtml(h.path), formatValue(h.chi2), String(h.bins), formatValue(h.chi2 / h.bins, 3), formatValue(pulls.get(h.path)?.rms, 3)]);
  rows.push(['<b>all fitted bins</b>', formatValue(doc.chi2), `${doc.ndf} (Ndf)`, `<b>${formatValue(doc.chi2 / doc.ndf, 3)}</b>`, formatValue(content.validation?.overall.rms, 3)]);
  return table(['histogram', 'χ²', 'bins', 'χ²/bins', 'held-out RMS pull'], rows, 1, 'chi2-table');
}

function eigentuneTable(doc: TuneDocument): string {
  if (doc.eigentuneDetails.length === 0) return '<p>No eigentunes recorded.</p>';
  const header = ['eigentune', 'σ along it', 'Δχ²', 'at the box', ...doc.names];
  const rows = doc.eigentuneDetails.map((e) => [escapeHtml(e.name), formatValue(e.sigmas, 3), formatValue(e.deltaChi2, 3), e.clipped ? 'stopped' : '', ...doc.names.map((n) => formatValue(e.point.get(n), 5))]);
  return `<p>Δχ² = ${formatValue(doc.deltaChi2.value, 3)} (${escapeHtml(doc.deltaChi2.how)}).</p>\n${table(header, rows, 1, 'eigentunes')}`;
}

function runTable(content: ReportContent): string {
  const r = content.runs;
  const rows = [[String(r.total), String(r.done), String(r.failed), String(r.pending + r.running), String(r.invalid), r.events.toLocaleString('en-US'), formatValue(r.seconds, 3)]];
  return table(['runs', 'done', 'failed', 'pending or running', 'invalid', 'events (done runs)', 'generator seconds'], rows, 0, 'runs');
}

function validationParagraph(content: ReportContent): string {
  const v = content.validation;
  if (!v) return '<p>No held-out misses were kept with the surrogate.</p>';
  return `<p id="validation-summary">Surrogate <b>${escapeHtml(content.surrogateKind ?? '?')}</b> on ${v.heldOutRuns} held-out runs: pulls (prediction − run)/σ over ${v.overall.count} bins have mean ${formatValue(v.overall.mean, 3)} and RMS ${formatValue(v.overall.rms, 3)} (about 1 when the model’s stated uncertainty is honest).</p>`;
}

/** One figure: the plot's SVG (ids already scoped), its caption and links to its PNG and spec. */
function figure(plot: ReportPlot, svg: string): string {
  return `<figure class="plot" id="plot-${plot.id}" data-plot="${plot.id}">\n${svg}\n<figcaption>${escapeHtml(plot.title)} · <a href="png/${plot.id}.png">PNG</a> · <a href="specs/${plot.id}.vl.json">vega-lite spec</a></figcaption>\n</figure>`;
}

function summarySection(content: ReportContent): string {
  const { main, loop } = content.results;
  const loopLine = loop ? ` The loop ${loop.converged ? 'converged' : 'stopped without converging'} after ${loop.iterations} iteration${loop.iterations === 1 ? '' : 's'}.` : '';
  return [
    '<h2 id="summary">Summary</h2>',
    `<p>Tune shown: <b>${escapeHtml(main.label)}</b> (${escapeHtml(main.dir)}), surrogate ${escapeHtml(content.surrogateKind ?? main.doc.surrogate ?? 'unknown')}${main.doc.runs !== undefined ? ` fitted to ${main.doc.runs} runs` : ''}; χ²/Ndf = ${formatValue(main.doc.chi2, 4)}/${main.doc.ndf} = <b>${formatValue(main.doc.chi2 / main.doc.ndf, 3)}</b>.${loopLine}</p>`,
    parameterTable(content),
    '<h3>χ² per histogram</h3>',
    chi2Table(content),
    '<h3>Eigentunes</h3>',
    eigentuneTable(main.doc),
    '<h3>Surrogate validation</h3>',
    validationParagraph(content),
    '<h3>Runs</h3>',
    runTable(content),
  ].join('\n');
}

/** The whole page; `svgs` maps plot id → SVG with its ids scoped. */
export function reportHtml(content: ReportContent, svgs: ReadonlyMap<string, string>, generated: Date): string {
  const sections = (['tune', 'surrogate', 'histograms'] as const).map((section) => {
    const plots = content.plots.filter((p) => p.section === section);
    if (plots.length === 0) return '';
    return `<h2 id="section-${section}">${SECTION_TITLES[section]}</h2>\n<div class="plots">\n${plots.map((p) => figure(p, svgs.get(p.id) ?? '')).join('\n')}\n</div>`;
  });
  const notes = content.notes.length ? `<h2 id="notes">Left out</h2>\n<ul class="notes">${content.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  const title = `mctune report: ${content.campaignName}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Campaign file ${escapeHtml(content.config.file)} · written ${escapeHtml(generated.toISOString())} by mctune report</p>
${summarySection(content)}
${sections.join('\n')}
${notes}
</body>
</html>
`;
}
