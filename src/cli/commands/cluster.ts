import type { Command } from '../command.js';

// Placeholder until its issue lands; replaced by the real command.
export const clusterCommand: Command = {
  name: 'cluster',
  summary: '(not available yet)',
  usage: 'tracehound cluster',
  async run(_args, io) {
    io.stderr.write('tracehound cluster: not available yet\n');
    return 1;
  },
};
