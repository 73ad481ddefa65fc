import type { Command } from '../command.js';

// Placeholder until its issue lands; replaced by the real command.
export const showCommand: Command = {
  name: 'show',
  summary: '(not available yet)',
  usage: 'tracehound show',
  async run(_args, io) {
    io.stderr.write('tracehound show: not available yet\n');
    return 1;
  },
};
