/**
 * `mctune report`: the offline report of a campaign folder, over the
 * library's `writeReport`; one line per rendered plot on stderr, the page's
 * path on stdout.
 */
import { writeReport } from '../../report/index.js';
import type { Command } from '../command.js';

export const report: Command = {
  name: 'report',
  summary: 'Write an offline HTML report of a campaign folder: tune, surrogate and every histogram against the data.',
  args: 'CAMPAIGN_DIR',
  description:
    "Reads the newest finished tune of the folder (tune/ from mctune tune, or the last iterations/NN/ of mctune loop), its surrogate, the runs and the campaign's reference data, and writes <CAMPAIGN_DIR>/report/: index.html (self-contained, opens without network), specs/*.vl.json (vega-lite) and png/*.png. The campaign file is the one the folder records (campaign.json) unless --campaign is given. A re-run replaces the report whole.",
  options: [
    { name: 'campaign', type: 'string', value: 'FILE', description: 'campaign file (default: the one recorded in the campaign folder)' },
    { name: 'fitted-only', type: 'boolean', default: false, description: 'plot only the histograms the tune fitted (default: every histogram with reference data)' },
  ],
  async run(a, io) {
    const outcome = await writeReport(a.positionals[0], {
      ...(typeof a.values.campaign === 'string' ? { campaign: a.values.campaign } : {}),
      histograms: a.values['fitted-only'] === true ? 'fitted' : 'all',
      onPlot: (done, total, id) => io.err(`plot ${done}/${total}: ${id}\n`),
    });
    for (const note of outcome.content.notes) io.err(`note: ${note}\n`);
    io.out(`${outcome.index}\n`);
    return 0;
  },
};
