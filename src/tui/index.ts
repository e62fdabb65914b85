/** The terminal UI, `mctune ui`: a live view of the iterative loop with keys to steer it, and a reweighting screen. */
export { App, type AppProps } from './app.js';
export { campaignLines, type CampaignViewOptions, type Overlay, type ViewSize } from './campaign-view.js';
export { LoopController, type ControllerOptions, type LoopControl, type LoopRunner } from './controller.js';
export { chars, duration, fit, gauge, num, progressBar, shortPath, sparkline, wrap, type GaugeInput } from './draw.js';
export { lineText, renderLines, type Line, type Segment } from './lines.js';
export { plotRows, plotText, type CellStyle, type PlotInput, type PlotSeries, type PlotSize, type StyledRun } from './plot.js';
export { columnEdges, defaultReweighterDir, eventMlpSource, loadReweightSource, type ReweightHistogram, type ReweightParameter, type ReweightSource } from './reweight-source.js';
export { COARSE_STEPS, FINE_STEPS, initialReweightView, moveTheta, reweightLines, type ReweightLoad, type ReweightView } from './reweight-view.js';
export { baselineSampleOf, FIRST_USE, liveTerminal, reweightHint, reweightOpener, runUi, trainCampaignReweighter, type FirstUseSizes, type UiOptions } from './run-ui.js';
export { applyEvent, initialState, latestTune, trainingFromLine, type CampaignState, type IterationRecord, type LoopStatus, type ParameterView, type TrainingEvent, type TrainingView, type UiEvent } from './state.js';
export { histogramPanels, readTuneDetails, resultsExtras, type EigentuneSummary, type HistogramChi2, type HistogramPanel, type TuneDetails } from './tune-details.js';
