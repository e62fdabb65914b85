/**
 * `mctune reweight …`: DCTR reweighting of event samples (train, apply,
 * check, fit). The commands are thin: the work is src/reweighting's.
 */
import type { Command } from '../command.js';
import { reweightApply } from './reweight-apply.js';
import { reweightCheck } from './reweight-check.js';
import { reweightFit } from './reweight-fit.js';
import { reweightTrain } from './reweight-train.js';

export const reweightCommands: readonly Command[] = [reweightTrain, reweightApply, reweightCheck, reweightFit];
