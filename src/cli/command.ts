import type { Readable, Writable } from 'node:stream';

/** Streams a command writes to; tests pass their own. */
export interface CommandIo {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  name: string;
  /** One line for `tracehound --help`. */
  summary: string;
  /** The usage block for `tracehound <name> --help`. */
  usage: string;
  /** Returns the exit status. Errors thrown are mapped to exit statuses by `runCli`. */
  run(args: string[], io: CommandIo): Promise<number>;
}
