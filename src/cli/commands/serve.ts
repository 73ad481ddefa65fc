import type { Command } from '../command.js';

// Placeholder until its issue lands; replaced by the real command.
export const serveCommand: Command = {
  name: 'serve',
  summary: '(not available yet)',
  usage: 'tracehound serve',
  async run(_args, io) {
    io.stderr.write('tracehound serve: not available yet\n');
    return 1;
  },
};
