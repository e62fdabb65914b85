/**
 * The events of a HepMC3-writing generator, once analysed: HepMC3 text takes
 * a few hundred MB per run of 20 000 e+e- events, so a campaign keeps them
 * gzipped (HepMC3 text shrinks several times, and mctune and HepMC3's own
 * readers read .gz directly) or, with `keep-events: false`, not at all.
 */
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { CampaignConfig } from '../campaign/index.js';
import { removeOnExit } from '../fsutil/index.js';
import { EVENTS_FILE, PARTIAL_MARK } from './job.js';

/** Whether a finished run of this campaign holds its events (then recovery expects them too). */
export function keepsEvents(config: CampaignConfig): boolean {
  return config.generator.kind === 'command' && config.generator.output === 'hepmc' && config.keepEvents !== false;
}

/**
 * Compresses the analysed output `out` to the run's EVENTS_FILE (through a
 * temp file, so the name appears only complete) or deletes it; `out` is gone
 * afterwards either way.
 */
export async function settleEvents(config: CampaignConfig, out: string, runDir: string, signal: AbortSignal): Promise<void> {
  if (!keepsEvents(config)) {
    rmSync(out, { force: true });
    return;
  }
  const tmp = join(runDir, `.${EVENTS_FILE}.${process.pid}-${Date.now().toString(36)}${PARTIAL_MARK}`);
  const forget = removeOnExit(tmp);
  try {
    await pipeline(createReadStream(out), createGzip(), createWriteStream(tmp), { signal });
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    renameSync(tmp, join(runDir, EVENTS_FILE));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    forget();
  }
  rmSync(out, { force: true });
}
