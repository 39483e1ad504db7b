/**
 * Fault injection settings: validation of what `PUT /_sim/faults` and the dashboard form send, and the
 * signature corruption they ask for. A PUT replaces the whole set; what it leaves out is reset.
 */
import { ValidationError, type FieldError } from '../errors.js';
import { noFaults, SIGNED_CHANNELS, type Faults, type SignedChannel } from './model.js';

const MAX_DELAY_MS = 24 * 60 * 60 * 1000;
const MAX_COPIES = 20;

function integer(field: string, value: unknown, min: number, max: number, errors: FieldError[]): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
  errors.push({ field, message: `must be an integer from ${min} to ${max}` });
  return min;
}

function flag(field: string, value: unknown, errors: FieldError[]): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'yes' || value === 'on') return true;
  if (value === 'false' || value === 'no' || value === '') return false;
  errors.push({ field, message: 'must be true or false' });
  return false;
}

function channels(value: unknown, errors: FieldError[]): SignedChannel[] {
  const list = typeof value === 'string' ? (value === '' ? [] : value.split(',')) : value;
  if (!Array.isArray(list) || !list.every((v) => (SIGNED_CHANNELS as readonly unknown[]).includes(v))) {
    errors.push({ field: 'corruptSignature', message: `must be a list of ${SIGNED_CHANNELS.join(', ')}` });
    return [];
  }
  return SIGNED_CHANNELS.filter((channel) => list.includes(channel));
}

/** Validates a complete fault set; every field is optional and defaults to "no fault". */
export function parseFaults(input: unknown): Faults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError('faults must be a JSON object', [
      { field: 'body', message: 'must be a JSON object of fault settings' },
    ]);
  }
  const errors: FieldError[] = [];
  const faults = noFaults();
  for (const [field, value] of Object.entries(input)) {
    switch (field) {
      case 'feedbackDelayMs':
        faults.feedbackDelayMs = integer(field, value, 0, MAX_DELAY_MS, errors);
        break;
      case 'feedbackCopies':
        faults.feedbackCopies = integer(field, value, 1, MAX_COPIES, errors);
        break;
      case 'feedbackBeforeReturn':
        faults.feedbackBeforeReturn = flag(field, value, errors);
        break;
      case 'dropBrowserReturn':
        faults.dropBrowserReturn = flag(field, value, errors);
        break;
      case 'corruptSignature':
        faults.corruptSignature = channels(value, errors);
        break;
      case 'feedbackFormat':
        if (value === null || value === '') faults.feedbackFormat = null;
        else if (value === 'form' || value === 'json') faults.feedbackFormat = value;
        else errors.push({ field, message: 'must be "form", "json" or null (each account\'s own setting)' });
        break;
      case 'paymentApiDelayMs':
        faults.paymentApiDelayMs = integer(field, value, 0, MAX_DELAY_MS, errors);
        break;
      case 'paymentApiFailStatus':
        faults.paymentApiFailStatus =
          value === null || value === '' ? null : integer(field, value, 500, 599, errors);
        break;
      case 'paymentApiLoseAnswerStatus':
        faults.paymentApiLoseAnswerStatus =
          value === null || value === '' ? null : integer(field, value, 500, 599, errors);
        break;
      case 'holdNotifications':
        faults.holdNotifications = flag(field, value, errors);
        break;
      default:
        errors.push({ field, message: 'is not a fault setting' });
    }
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `invalid faults: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      errors,
    );
  }
  return faults;
}

/** True when the faults ask to corrupt signatures on `channel`. */
export function corrupts(faults: Faults, channel: SignedChannel): boolean {
  return faults.corruptSignature.includes(channel);
}

/** A signature that no longer verifies: its last hex digit changed. */
export function corruptSignature(signature: string): string {
  const last = signature.at(-1) ?? '0';
  return signature.slice(0, -1) + (last === '0' ? '1' : '0');
}
