import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  badgeSvg,
  CARD_BRAND_INFO,
  CARD_BRANDS,
  getCardBrand,
  getPaymentMethod,
  isCardBrand,
  isPaymentMethodCode,
  methodFromBrandOption,
  methodSupports,
  PAYMENT_METHOD_CODES,
  PAYMENT_METHODS,
} from '../../src/domain/payment-methods.js';
import { ValidationError } from '../../src/errors.js';

const ARABIC = /^[\u0600-\u06FF\s]+$/;

describe('the payment-method catalogue', () => {
  test('holds card first, then the local methods', () => {
    assert.deepEqual(
      [...PAYMENT_METHOD_CODES],
      [
        'card',
        'mada',
        'knet',
        'naps',
        'omannet',
        'meeza',
        'benefit',
        'stcpay',
        'apple_pay',
        'installments',
        'tabby',
        'valu',
      ],
    );
    assert.deepEqual(
      PAYMENT_METHODS.map((m) => m.code),
      [...PAYMENT_METHOD_CODES],
    );
  });

  const restrictions: Record<string, [string[], string[]]> = {
    card: [[], []],
    mada: [['SA'], []],
    knet: [['KW'], ['KWD']],
    naps: [['QA'], ['QAR']],
    omannet: [['OM'], ['OMR']],
    meeza: [['EG'], ['EGP']],
    benefit: [['BH'], ['BHD']],
    stcpay: [['SA'], ['SAR']],
    apple_pay: [[], []],
  };
  for (const [code, [countries, currencies]] of Object.entries(restrictions)) {
    test(`${code} is limited to countries [${countries}] and currencies [${currencies}]`, () => {
      const method = getPaymentMethod(code);
      assert.deepEqual([...method.countries], countries);
      assert.deepEqual([...method.currencies], currencies);
    });
  }

  test('only card allows authorization (manual capture)', () => {
    for (const method of PAYMENT_METHODS)
      assert.equal(method.allowsAuthorization, method.code === 'card', method.code);
  });

  test('card carries the visa, mastercard and amex brands; the others none', () => {
    assert.deepEqual([...getPaymentMethod('card').brands], ['visa', 'mastercard', 'amex']);
    for (const method of PAYMENT_METHODS.filter((m) => m.code !== 'card'))
      assert.deepEqual([...method.brands], []);
  });

  test('every method and brand has an English and an Arabic name', () => {
    for (const { code, name } of [...PAYMENT_METHODS, ...CARD_BRAND_INFO]) {
      assert.ok(name.en.trim().length > 0, code);
      assert.match(name.ar, ARABIC, code);
    }
    assert.equal(getPaymentMethod('mada').name.ar, 'مدى');
    assert.equal(getPaymentMethod('knet').name.ar, 'كي نت');
  });

  test('every logo is a small self-contained SVG badge naming the brand', () => {
    for (const { code, logoSvg } of [...PAYMENT_METHODS, ...CARD_BRAND_INFO]) {
      assert.match(logoSvg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 60 38"/, code);
      assert.match(logoSvg, /<rect [^>]*rx="6"/, code);
      assert.match(logoSvg, /role="img" aria-label="[^"]+"/, code);
      assert.match(logoSvg, /<text [^>]*>[^<]+<\/text><\/svg>$/, code);
      assert.doesNotMatch(logoSvg, /<script|on\w+=|href=/i, code);
    }
    assert.match(getCardBrand('visa').logoSvg, />VISA</);
    assert.match(getPaymentMethod('knet').logoSvg, />KNET</);
  });

  test('the badge escapes its label', () => {
    const svg = badgeSvg('<b>&"', '#000000');
    assert.match(svg, /aria-label="&lt;b&gt;&amp;&quot;"/);
    assert.match(svg, />&lt;b&gt;&amp;&quot;</);
  });

  test('the badge squeezes long labels into the rectangle', () => {
    assert.match(badgeSvg('Mastercard', '#000000'), /textLength="50"/);
    assert.doesNotMatch(badgeSvg('VISA', '#000000'), /textLength/);
  });

  test('the catalogue cannot be changed at run time', () => {
    const knet = getPaymentMethod('knet');
    assert.throws(() => (knet.currencies as string[]).push('USD'));
    assert.throws(() => {
      (knet as { allowsAuthorization: boolean }).allowsAuthorization = true;
    });
  });
});

describe('looking methods up', () => {
  test('recognises catalogue codes and card brands exactly', () => {
    for (const code of PAYMENT_METHOD_CODES) assert.ok(isPaymentMethodCode(code));
    for (const value of ['KNET', 'visa', 'paypal', '', null]) assert.equal(isPaymentMethodCode(value), false);
    for (const brand of CARD_BRANDS) assert.ok(isCardBrand(brand));
    assert.equal(isCardBrand('mada'), false);
  });

  test('getPaymentMethod refuses an unknown code with the list of valid ones', () => {
    assert.throws(
      () => getPaymentMethod('paypal'),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.fields[0]?.field === 'payment_method' &&
        /card, mada, knet, naps, omannet, meeza, benefit, stcpay/.test(err.message),
    );
  });
});

describe('methodSupports', () => {
  const cases: Array<[string, string | null, string | null, boolean]> = [
    ['knet', 'KW', 'KWD', true],
    ['knet', 'kw', 'kwd', true],
    ['knet', 'KW', 'USD', false],
    ['knet', 'SA', 'KWD', false],
    ['knet', null, 'KWD', true],
    ['knet', null, 'SAR', false],
    ['mada', 'SA', 'SAR', true],
    ['mada', 'SA', 'USD', true],
    ['mada', 'AE', 'SAR', false],
    ['stcpay', 'SA', 'USD', false],
    ['benefit', 'BH', 'BHD', true],
    ['omannet', 'OM', 'OMR', true],
    ['naps', 'QA', 'EUR', false],
    ['meeza', 'EG', 'EGP', true],
    ['card', 'JP', 'JPY', true],
    ['card', null, null, true],
  ];
  for (const [code, country, currency, expected] of cases) {
    test(`${code} ${expected ? 'fits' : 'does not fit'} ${country ?? 'an unknown country'} / ${currency ?? 'no currency'}`, () => {
      assert.equal(methodSupports(code as 'card', { country, currency }), expected);
      assert.equal(methodSupports(getPaymentMethod(code), { country, currency }), expected);
    });
  }
});

describe('methodFromBrandOption', () => {
  test('maps card brands to the card method with its brand', () => {
    assert.deepEqual(methodFromBrandOption('visa'), { method: 'card', brand: 'visa' });
    assert.deepEqual(methodFromBrandOption('MASTERCARD'), { method: 'card', brand: 'mastercard' });
    assert.deepEqual(methodFromBrandOption('amex'), { method: 'card', brand: 'amex' });
  });

  test('maps local methods to themselves without a brand', () => {
    for (const code of ['mada', 'knet', 'naps', 'omannet', 'meeza', 'benefit', 'stcpay']) {
      assert.deepEqual(methodFromBrandOption(code.toUpperCase()), { method: code, brand: null });
    }
  });

  test('returns null for empty or unknown options', () => {
    for (const value of ['', '  ', null, undefined, 'sadad', 'discover']) {
      assert.equal(methodFromBrandOption(value), null, String(value));
    }
    // Apple Pay is a catalogue method since S19.
    assert.deepEqual(methodFromBrandOption('APPLE_PAY'), { method: 'apple_pay', brand: null });
  });
});
