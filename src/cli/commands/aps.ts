/**
 * `payport aps sign|verify`: the merchant's tools for APS' most common failure, "00008 Signature
 * mismatch" (SPEC S2). Both show the exact signing string, because the difference between two signing
 * strings is what explains a mismatch.
 */
import { UsageError } from '../../errors.js';
import { MalformedMessageError } from '../../providers/errors.js';
import { parseFormMessage, parseJsonMessage } from '../../providers/aps/message-reader.js';
import {
  SHA_TYPES,
  computeSignature,
  isShaType,
  signingString,
  verifySignature,
  type ShaType,
  type SignableParams,
} from '../../providers/aps/signature.js';
import { parseFlags, readAll, type Command, type CommandIO } from '../command.js';

const SHA_LIST = SHA_TYPES.join('|');

const signHelp = `Usage: payport aps sign --phrase PHRASE [--sha-type ${SHA_LIST}] [--explain]

Reads one JSON object of APS parameters on stdin and prints their signature (lower-case hex).
The "signature" field, if present, is ignored. Values are signed exactly as given.

Options:
  --phrase PHRASE   the SHA Request Phrase (to sign a request) or SHA Response Phrase
  --sha-type TYPE   the SHA Type of the APS back office (default sha256; "SHA-128" is sha1)
  --explain         also print the exact string that was hashed

Example:
  echo '{"command":"PURCHASE","amount":"1000"}' | payport aps sign --phrase PASS --explain`;

const verifyHelp = `Usage: payport aps verify --phrase PHRASE [--sha-type ${SHA_LIST}]

Reads an APS payload on stdin — a JSON object or application/x-www-form-urlencoded text, as APS
posts it — and checks its "signature" field over every other field, exactly as received.
Prints "valid" (exit 0), or "invalid" with the expected signature and the signing string (exit 1).
Messages from APS are signed with the SHA Response Phrase.

Options:
  --phrase PHRASE   the SHA Response Phrase (or the Request Phrase, to check a request)
  --sha-type TYPE   the SHA Type of the APS back office (default sha256; "SHA-128" is sha1)`;

const help = `Usage: payport aps <sign|verify> [options]

Sign or verify APS parameters, to diagnose "00008 Signature mismatch".

Subcommands:
  sign     print the signature of a JSON object of parameters read on stdin
  verify   check the signature of a payload (JSON or form-encoded) read on stdin

Run \`payport aps sign --help\` or \`payport aps verify --help\` for their options.`;

const FLAGS = {
  phrase: { type: 'string' },
  'sha-type': { type: 'string' },
} as const;

function signingOptions(values: Record<string, string | boolean | undefined>): {
  phrase: string;
  shaType: ShaType;
} {
  const phrase = values.phrase;
  if (typeof phrase !== 'string' || phrase === '') throw new UsageError('--phrase is required');
  const shaType = values['sha-type'] ?? 'sha256';
  if (!isShaType(shaType)) {
    throw new UsageError(`--sha-type must be one of ${SHA_TYPES.join(', ')}; got ${JSON.stringify(shaType)}`);
  }
  return { phrase, shaType };
}

/** Thrown for input that cannot be read; reported as one line with exit code 2. */
class UnreadableInput extends Error {}

/** Parses a JSON object; nested objects and lists are kept for the signature's `{k=v}` / `[a, b]` rendering. */
function parseJsonParams(text: string): SignableParams {
  try {
    return parseJsonMessage(text);
  } catch (err) {
    if (!(err instanceof MalformedMessageError)) throw err;
    if (err.reason !== 'nested_value') throw new UnreadableInput(err.message);
  }
  return JSON.parse(text) as SignableParams;
}

function parsePayload(text: string, allowForm: boolean): SignableParams {
  const trimmed = text.trim();
  if (trimmed === '') throw new UnreadableInput('stdin is empty');
  try {
    if (trimmed.startsWith('{') || !allowForm) return parseJsonParams(trimmed);
    return parseFormMessage(trimmed);
  } catch (err) {
    if (err instanceof MalformedMessageError) throw new UnreadableInput(err.message);
    throw err;
  }
}

async function readParams(io: CommandIO, allowForm: boolean): Promise<SignableParams> {
  return parsePayload(await readAll(io.stdin), allowForm);
}

async function sign(argv: string[], io: CommandIO): Promise<number> {
  const { values, help: wantsHelp } = parseFlags(argv, { ...FLAGS, explain: { type: 'boolean' } });
  if (wantsHelp) {
    io.stdout(signHelp);
    return 0;
  }
  const { phrase, shaType } = signingOptions(values);
  const params = await readParams(io, false);
  io.stdout(computeSignature(params, phrase, shaType));
  if (values.explain === true) io.stdout(`signing string: ${signingString(params, phrase)}`);
  return 0;
}

async function verify(argv: string[], io: CommandIO): Promise<number> {
  const { values, help: wantsHelp } = parseFlags(argv, FLAGS);
  if (wantsHelp) {
    io.stdout(verifyHelp);
    return 0;
  }
  const { phrase, shaType } = signingOptions(values);
  const params = await readParams(io, true);
  const result = verifySignature(params, phrase, shaType);
  if (result.valid) {
    io.stdout('valid');
    return 0;
  }
  io.stdout(
    result.reason === 'missing'
      ? 'invalid: the payload has no signature field'
      : `invalid: the signature does not match (received ${String(params.signature)})`,
  );
  io.stdout(`expected signature: ${result.expected}`);
  io.stdout(`signing string: ${result.signingString}`);
  return 1;
}

const SUBCOMMANDS: Record<string, (argv: string[], io: CommandIO) => Promise<number>> = { sign, verify };

/** The aps command. */
export const command: Command = {
  name: 'aps',
  summary: 'sign or verify APS parameters (diagnose "00008 Signature mismatch")',
  help,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout(help);
      return 0;
    }
    if (sub === undefined) throw new UsageError('missing subcommand: sign or verify');
    const run = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!run) throw new UsageError(`unknown subcommand "${sub}": use sign or verify`);
    try {
      return await run(rest, io);
    } catch (err) {
      if (!(err instanceof UnreadableInput)) throw err;
      io.stderr(`payport aps ${sub}: cannot read the parameters on stdin: ${err.message}`);
      return 2;
    }
  },
};
