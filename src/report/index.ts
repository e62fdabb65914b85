/** The offline report of a campaign: one self-contained HTML page of its tune, surrogate and histograms, with every plot's PNG and vega-lite spec. */
export { gatherReport, plotId, type ReportContent, type ReportOptions, type ReportPlot, type ReportSection, type RunStatistics, type ValidationSummary } from './content.js';
export { histogramLabeller, histogramPanels, type HistogramPanel } from './histograms.js';
export { escapeHtml, formatValue, reportHtml } from './html.js';
export { findCampaignResults, type CampaignResults, type TuneRecord } from './results.js';
export { REPORT_DIR, writeReport, type ReportOutcome, type WriteReportOptions } from './write.js';
