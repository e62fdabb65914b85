/**
 * The terminal UI's root component: the campaign screen and the reweighting
 * screen, the keys, and the terminal's size (followed on resize). Written
 * with createElement rather than JSX, so that the project's TypeScript and
 * lint configuration stay as they are.
 */
import { useApp, useInput, useStdout, type Key } from 'ink';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { campaignLines, type Overlay, type ViewSize } from './campaign-view.js';
import type { LoopControl } from './controller.js';
import { renderLines } from './lines.js';
import type { ReweightSource } from './reweight-source.js';
import { COARSE_STEPS, FINE_STEPS, initialReweightView, moveTheta, reweightLines, type ReweightLoad, type ReweightView } from './reweight-view.js';
import type { CampaignState } from './state.js';

export interface AppProps {
  readonly control: LoopControl;
  /**
   * Opens the reweighting screen's source on its first showing (training it
   * first, if the opener does, with `progress` saying how far it is); a
   * rejection is shown with `reweightHint`.
   */
  readonly openReweight: (progress: (message: string) => void) => Promise<ReweightSource>;
  /** Lines saying how to get a reweighter, shown when there is none. */
  readonly reweightHint: readonly string[];
  /** A fixed size (tests); default: the terminal's, followed as it is resized. */
  readonly size?: ViewSize;
  /** Told how the UI ended: after the loop wound down (`quit`), or at once on a second q (`forced`). */
  readonly onExit?: (how: 'quit' | 'forced') => void;
}

function useLoopState(control: LoopControl): CampaignState {
  const [state, setState] = useState(() => control.getState());
  useEffect(() => {
    setState(control.getState());
    return control.subscribe(setState);
  }, [control]);
  return state;
}

function useTerminalSize(fixed: ViewSize | undefined): ViewSize {
  const { stdout } = useStdout();
  const read = (): ViewSize => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return undefined;
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout, fixed]);
  return fixed ?? size;
}

/** The reweighting screen's source, loaded on first use, and its view, recomputed (coalesced) after each change of θ or observable. */
function useReweight(open: (progress: (message: string) => void) => Promise<ReweightSource>, hint: readonly string[]) {
  const [load, setLoad] = useState<ReweightLoad | undefined>(undefined);
  const [view, setView] = useState<ReweightView | undefined>(undefined);
  const start = () => {
    // A missing reweighter is looked for again each time the screen opens: it may have been trained meanwhile.
    if (load && load.state !== 'missing') return;
    const since = performance.now();
    setLoad({ state: 'loading', since });
    // A turn first, so that the loading frame is drawn before the (synchronous) observables are computed.
    setTimeout(() => {
      open((message) => setLoad({ state: 'loading', since, message })).then(
        (source) => {
          setLoad({ state: 'ready', source });
          setView(initialReweightView(source));
        },
        (e: unknown) => setLoad({ state: 'missing', reason: e instanceof Error ? e.message : String(e), hint }),
      );
    }, 30);
  };
  const source = load?.state === 'ready' ? load.source : undefined;
  const key = view ? `${view.theta.join(',')}|${String(view.observable)}` : '';
  useEffect(() => {
    if (!source || !view) return undefined;
    // Deferred and cancelled by the next change: keys pressed faster than updates are coalesced.
    const timer = setTimeout(() => {
      const t0 = performance.now();
      try {
        const result = source.histogram(view.theta, view.observable);
        setView((v) => (v ? { ...v, result, ms: performance.now() - t0, error: undefined } : v));
      } catch (e) {
        setView((v) => (v ? { ...v, error: e instanceof Error ? e.message : String(e) } : v));
      }
    }, 0);
    return () => clearTimeout(timer);
    // `key` stands for view.theta and view.observable: the rest of the view does not change the histogram.
  }, [source, key]);
  return { load, view, setView, start };
}

function reweightKeys(input: string, key: Key, source: ReweightSource, v: ReweightView): ReweightView {
  const P = source.parameters.length;
  if (key.upArrow) return { ...v, selected: (v.selected + P - 1) % Math.max(1, P) };
  if (key.downArrow) return { ...v, selected: (v.selected + 1) % Math.max(1, P) };
  const step = key.leftArrow ? [-1, COARSE_STEPS] : key.rightArrow ? [1, COARSE_STEPS] : input === ',' ? [-1, FINE_STEPS] : input === '.' ? [1, FINE_STEPS] : undefined;
  if (step && P > 0) return { ...v, theta: moveTheta(source, v.theta, v.selected, step[0], step[1]) };
  const O = source.observables.length;
  if (input === 'o' || key.tab) return { ...v, observable: (v.observable + 1) % O };
  if (input === 'O') return { ...v, observable: (v.observable + O - 1) % O };
  if (input === '0') return { ...v, theta: source.parameters.map((p) => p.theta0) };
  return v;
}

export function App(props: AppProps): ReactElement {
  const state = useLoopState(props.control);
  const size = useTerminalSize(props.size);
  const { exit } = useApp();
  const [screen, setScreen] = useState<'campaign' | 'reweight'>('campaign');
  const [overlay, setOverlay] = useState<Overlay>('none');
  const [selected, setSelected] = useState(0);
  const quitting = useRef(false);
  const reweight = useReweight(props.openReweight, props.reweightHint);
  const histograms = state.details?.histograms.length ?? 0;

  const quit = () => {
    if (quitting.current) {
      props.onExit?.('forced');
      exit();
      return;
    }
    quitting.current = true;
    void props.control.quit().then(() => {
      props.onExit?.('quit');
      exit();
    });
  };

  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) return quit();
    if (screen === 'reweight') {
      const source = reweight.load?.state === 'ready' ? reweight.load.source : undefined;
      if (input === 'r' || key.escape) setScreen('campaign');
      else if (input === '?') {
        setScreen('campaign');
        setOverlay('help');
      }
      // From the latest view, not this render's: keys that arrive together each take their step.
      else if (source) reweight.setView((v) => (v ? reweightKeys(input, key, source, v) : v));
      return;
    }
    if (key.escape) setOverlay('none');
    else if (input === '?') setOverlay((o) => (o === 'help' ? 'none' : 'help'));
    else if (input === 'e') setOverlay((o) => (o === 'eigentunes' ? 'none' : 'eigentunes'));
    else if (input === 'n') props.control.next();
    else if (input === 'p') props.control.togglePause();
    else if (input === 'r') {
      setScreen('reweight');
      reweight.start();
    }
    else if (key.upArrow) setSelected((s) => Math.max(0, Math.min(s, histograms - 1) - 1));
    else if (key.downArrow) setSelected((s) => Math.max(0, Math.min(histograms - 1, s + 1)));
  });

  const lines = screen === 'reweight' && reweight.load ? reweightLines(reweight.load, reweight.view, size) : campaignLines(state, { selected: Math.min(selected, Math.max(0, histograms - 1)), overlay }, size);
  return renderLines(lines);
}
