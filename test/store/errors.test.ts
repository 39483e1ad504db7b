import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Conflict, NotFound, Unavailable, ValidationError } from '../../src/errors.js';
import { forEachDatabase } from '../support/databases.js';
import { isUnavailable, toStoreError } from '../../src/store/errors.js';

function driverError(code: string, message = 'driver says no', extra: object = {}): Error {
  return Object.assign(new Error(message), { code }, extra);
}

describe('toStoreError', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND']) {
    test(`maps the network error ${code} to Unavailable, keeping the cause`, () => {
      const cause = driverError(code);
      const mapped = toStoreError(cause);
      assert.ok(mapped instanceof Unavailable);
      assert.equal(mapped.cause, cause);
    });
  }

  for (const code of [
    '57P01',
    '57P03',
    '57P04',
    '57P05',
    '55000',
    '25006',
    '08006',
    '08001',
    '53300',
    '40P01',
    '40001',
  ]) {
    test(`maps the PostgreSQL SQLSTATE ${code} to Unavailable`, () => {
      assert.ok(toStoreError(driverError(code)) instanceof Unavailable);
    });
  }

  for (const code of [
    'SQLITE_BUSY',
    'SQLITE_BUSY_SNAPSHOT',
    'SQLITE_READONLY',
    'SQLITE_IOERR_FSYNC',
    'SQLITE_CANTOPEN',
    'SQLITE_FULL',
  ]) {
    test(`maps the SQLite code ${code} to Unavailable`, () => {
      assert.ok(toStoreError(driverError(code)) instanceof Unavailable);
    });
  }

  test('maps pg messages about a broken connection, which carry no code, to Unavailable', () => {
    assert.ok(toStoreError(new Error('Connection terminated unexpectedly')) instanceof Unavailable);
    assert.ok(toStoreError(new Error('timeout exceeded when trying to connect')) instanceof Unavailable);
  });

  test('maps a PostgreSQL unique violation to Conflict naming the constraint', () => {
    const mapped = toStoreError(
      driverError('23505', 'duplicate key', { constraint: 'transactions_reference_key' }),
    );
    assert.ok(mapped instanceof Conflict);
    assert.match(mapped.message, /transactions_reference_key/);
  });

  test('maps a SQLite unique violation to Conflict naming the column', () => {
    const mapped = toStoreError(
      driverError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: transactions.reference'),
    );
    assert.ok(mapped instanceof Conflict);
    assert.match(mapped.message, /transactions\.reference/);
  });

  test('passes other driver errors through unchanged (they are bugs, not conditions)', () => {
    const syntax = driverError('42601', 'syntax error at or near "selec"');
    assert.equal(toStoreError(syntax), syntax);
    const foreignKey = driverError('SQLITE_CONSTRAINT_FOREIGNKEY', 'FOREIGN KEY constraint failed');
    assert.equal(toStoreError(foreignKey), foreignKey);
  });

  test('passes payport errors and non-objects through unchanged', () => {
    const notFound = new NotFound('no such transaction');
    assert.equal(toStoreError(notFound), notFound);
    assert.equal(toStoreError('text'), 'text');
  });

  test('isUnavailable says whether an error means the database is unavailable', () => {
    assert.equal(isUnavailable(driverError('ECONNREFUSED')), true);
    assert.equal(isUnavailable(new Error('boom')), false);
  });
});

forEachDatabase('text the database cannot store', (db) => {
  test('a NUL byte in a lookup is bad input on every database, never a driver crash', async () => {
    let outcome: unknown;
    try {
      outcome = await db.store.repos.transactions.findByReference('REF\u0000X');
    } catch (err) {
      outcome = err;
    }
    if (db.dialect === 'postgres') assert.ok(outcome instanceof ValidationError, String(outcome));
    else assert.equal(outcome, undefined);
  });
});
