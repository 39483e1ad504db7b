import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

/** What a command may touch: its streams and environment, injectable for tests. */
export interface CommandIO {
  stdin: NodeJS.ReadableStream;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** One `payport <name>` command. `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(argv: string[], io: CommandIO): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses flags strictly; an unknown flag, a missing value or a stray positional becomes a UsageError
 * (one line, exit code 2). `--help` is always accepted and reported as `help: true`.
 */
export function parseFlags<O extends Options>(
  argv: string[],
  options: O,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[]; help: boolean } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals,
    });
    const help = (values as Record<string, unknown>).help === true;
    return { values: values as Record<string, string | boolean | undefined>, positionals, help };
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
}

/** Reads a whole stream as UTF-8 text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
