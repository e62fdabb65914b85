import type { Counter } from './counter.js';
import type { Estimate0D } from './estimate0d.js';
import type { Estimate1D } from './estimate1d.js';
import type { Histo1D } from './histo1d.js';
import type { Profile1D } from './profile1d.js';
import type { Scatter2D } from './scatter2d.js';

/** Any object a YODA file can hold for mctune, discriminated by `kind`. */
export type AnyObject = Histo1D | Profile1D | Counter | Scatter2D | Estimate0D | Estimate1D;
