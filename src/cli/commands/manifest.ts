import type { Command } from '../command.js';

// Placeholder until its issue lands; replaced by the real command.
export const manifestCommand: Command = {
  name: 'manifest',
  summary: '(not available yet)',
  usage: 'tracehound manifest',
  async run(_args, io) {
    io.stderr.write('tracehound manifest: not available yet\n');
    return 1;
  },
};
