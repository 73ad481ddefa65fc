import type { Command } from '../command.js';

// Placeholder until its issue lands; replaced by the real command.
export const analyzeCommand: Command = {
  name: 'analyze',
  summary: '(not available yet)',
  usage: 'tracehound analyze',
  async run(_args, io) {
    io.stderr.write('tracehound analyze: not available yet\n');
    return 1;
  },
};
