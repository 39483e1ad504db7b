// Apple Pay on the payment page (SPEC S19). The button stays hidden unless the browser has
// ApplePaySession and can make payments. On click: a session for the amount; merchant validation
// through payport (POST /payment/apple-pay/session); the token to payport (POST
// /payment/apple-pay/pay), which charges it at APS before the sheet is told the outcome; then the
// status page.
(function () {
  'use strict';
  var Session = window.ApplePaySession;
  var buttons = document.querySelectorAll('button[data-method="apple_pay"]');
  if (!Session || buttons.length === 0) return;
  try {
    if (typeof Session.canMakePayments === 'function' && !Session.canMakePayments()) return;
  } catch {
    return;
  }

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) {
        return { ok: response.ok, data: data };
      });
    });
  }

  function value(selector) {
    var el = document.querySelector(selector);
    return el && typeof el.value === 'string' ? el.value : '';
  }

  function start(button) {
    var emailInput = document.querySelector('#email');
    if (emailInput && typeof emailInput.reportValidity === 'function' && !emailInput.reportValidity()) return;
    var request = {
      countryCode: button.getAttribute('data-country') || 'SA',
      currencyCode: button.getAttribute('data-currency'),
      supportedNetworks: ['visa', 'masterCard', 'amex', 'mada'],
      merchantCapabilities: ['supports3DS'],
      total: {
        label: button.getAttribute('data-label') || 'Total',
        amount: button.getAttribute('data-amount'),
      },
    };
    var provider = button.getAttribute('data-provider');
    var formToken = value('input[name="form_token"]');
    var session = new Session(3, request);
    session.onvalidatemerchant = function (event) {
      postJson('/payment/apple-pay/session', { validationURL: event.validationURL, provider: provider })
        .then(function (answer) {
          if (!answer.ok) throw new Error('merchant validation failed');
          session.completeMerchantValidation(answer.data);
        })
        .catch(function () {
          session.abort();
        });
    };
    session.onpaymentauthorized = function (event) {
      var payment = event.payment || {};
      var contact = payment.shippingContact || payment.billingContact || {};
      postJson('/payment/apple-pay/pay', {
        form_token: formToken,
        provider: provider,
        email: value('#email') || contact.emailAddress || '',
        token: payment.token,
      })
        .then(function (answer) {
          var ok = answer.ok && answer.data && answer.data.success === true;
          session.completePayment(ok ? Session.STATUS_SUCCESS : Session.STATUS_FAILURE);
          if (answer.data && answer.data.redirect) window.location.assign(answer.data.redirect);
        })
        .catch(function () {
          session.completePayment(Session.STATUS_FAILURE);
        });
    };
    session.begin();
  }

  Array.prototype.forEach.call(buttons, function (button) {
    var holder = button.closest('[data-apple-pay]');
    if (holder) holder.hidden = false;
    button.hidden = false;
    button.addEventListener('click', function () {
      start(button);
    });
  });
})();
