import { exitStatusFor, TracehoundError } from '../errors/index.js';
import type { Command, CommandIo } from './command.js';
import { analyzeCommand } from './commands/analyze.js';
import { clusterCommand } from './commands/cluster.js';
import { manifestCommand } from './commands/manifest.js';
import { serveCommand } from './commands/serve.js';
import { showCommand } from './commands/show.js';

const commands: readonly Command[] = [analyzeCommand, showCommand, clusterCommand, serveCommand, manifestCommand];

function helpText(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: tracehound <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `tracehound <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

export function defaultIo(): CommandIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Runs one CLI invocation and returns its exit status: 0 analysed, 2 unreadable input or refused
 * link, 3 trace not found, 4 backend failure, 1 a bug. Never throws.
 */
export async function runCli(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout.write('tracehound 0.1.0\n');
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(
      `tracehound: unknown command '${name}' (expected one of ${commands.map((c) => c.name).join(', ')})\n`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (TracehoundError.isInstance(error)) {
      io.stderr.write(`tracehound ${name}: ${error.message}\n`);
      return exitStatusFor(error.code);
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`tracehound ${name}: internal error (a bug; please report it): ${message}\n`);
    return 1;
  }
}
