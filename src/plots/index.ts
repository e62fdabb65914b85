/** Plots: vega-lite specs built from library data, rendered in Node to SVG and PNG without a browser or network. */
export { PANEL, SERIES, VEGA_LITE_SCHEMA, type BinEdges, type BinnedValues, type PlotRow, type PlotSpec } from './spec.js';
export { comparisonRows, histogramComparisonSpec, type HistogramComparison } from './comparison.js';
export { chi2BarsSpec, correlationSpec, trajectoriesSpec, trajectoryRows, type HistogramChi2, type IterationTune } from './tune-plots.js';
export { heldOutPulls, pullSummaries, relativeSensitivity, sensitivitySpec, surrogateValidationSpec, type HeldOutMisses, type PlotBin, type PullSummary, type SensitivityInput } from './model-plots.js';
export { effectiveSampleSize } from '../reweight/index.js';
export { reweightComparisonSpec, reweightRows, weightDistributionSpec, weightHistogramRows, type ReweightComparison } from './reweight-plots.js';
export { renderPlot, renderSvg, scopeSvgIds, svgToPixels, svgToPng, type PngOptions, type RenderOptions } from './render.js';
