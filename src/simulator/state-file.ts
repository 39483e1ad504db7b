/**
 * Keeps the simulator's state in a JSON file: read once at start, rewritten after every change by
 * writing a temporary file beside it and renaming it over the old one, so that a crash never leaves a
 * half-written file behind.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../clock.js';
import { ConfigError } from '../errors.js';
import { newOpaqueId } from './ids.js';
import { SimulatorState } from './state.js';

/** Reads the state file; undefined when it does not exist yet. */
export function readStateFile(path: string, clock?: Clock): SimulatorState | undefined {
  const file = resolve(path);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError('state-file', `cannot read ${file}: ${(err as Error).message}`);
  }
  return SimulatorState.fromJSON(data, file, clock);
}

/** Writes the state atomically (temporary file + rename). */
export function writeStateFile(path: string, state: SimulatorState): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${newOpaqueId(4)}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(state.toJSON(), null, 1), { mode: 0o600 });
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}
