/**
 * The control API's view of card tokens: `GET /_sim/tokens` (optionally `?merchant_identifier=` and
 * `?status=ACTIVE|INACTIVE`) and `GET /_sim/tokens/{token_name}`. A token shows its masked number,
 * BIN, last four, expiry, holder, brand, status and `remember_me` — never a full card number.
 */
import type { FastifyInstance } from 'fastify';
import { Conflict, NotFound, ValidationError, type FieldError } from '../errors.js';
import type { SimulatorContext } from './context.js';
import { tokenView } from './tokens.js';

const TOKEN_NAME = /^[A-Za-z0-9.@_-]{1,100}$/;
const FILTERS = ['merchant_identifier', 'status'];

function checkFilters(query: Record<string, unknown>, allowed: readonly string[]): void {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (!allowed.includes(name))
      errors.push({ field: name, message: `is not a filter; use ${allowed.join(', ')}` });
    else if (typeof value !== 'string') errors.push({ field: name, message: 'must be given once' });
    else if (name === 'status' && value !== 'ACTIVE' && value !== 'INACTIVE') {
      errors.push({ field: name, message: 'must be ACTIVE or INACTIVE' });
    } else if (name === 'merchant_identifier' && !/^[A-Za-z0-9]{1,20}$/.test(value)) {
      errors.push({ field: name, message: 'must be 1 to 20 ASCII letters or digits' });
    }
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `invalid query: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      errors,
    );
  }
}

/** Registers `GET /_sim/tokens` and `GET /_sim/tokens/{token_name}`. */
export function registerTokenControlApi(app: FastifyInstance, ctx: SimulatorContext): void {
  app.get<{ Querystring: Record<string, unknown> }>('/_sim/tokens', async (request) => {
    checkFilters(request.query, FILTERS);
    const { merchant_identifier: merchant, status } = request.query;
    const tokens = ctx.state
      .allTokens()
      .filter(
        (t) =>
          (merchant === undefined || t.merchantIdentifier === merchant) &&
          (status === undefined || t.status === status),
      )
      .map(tokenView);
    return { tokens };
  });

  app.get<{ Params: { tokenName: string }; Querystring: Record<string, unknown> }>(
    '/_sim/tokens/:tokenName',
    async (request) => {
      checkFilters(request.query, ['merchant_identifier']);
      const name = request.params.tokenName;
      if (!TOKEN_NAME.test(name)) {
        throw new ValidationError('invalid token_name', [
          { field: 'token_name', message: 'must be 1 to 100 letters, digits, . @ - or _' },
        ]);
      }
      const merchant = request.query.merchant_identifier;
      const matches = ctx.state
        .allTokens()
        .filter((t) => t.tokenName === name && (merchant === undefined || t.merchantIdentifier === merchant));
      if (matches.length === 0) throw new NotFound(`no token ${name}`);
      if (matches.length > 1)
        throw new Conflict(`several accounts have a token ${name}; add ?merchant_identifier=…`);
      return { token: tokenView(matches[0]!) };
    },
  );
}
