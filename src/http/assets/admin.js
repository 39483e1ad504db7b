// payport back office: copy buttons and confirmations. Pages work without it (values stay selectable,
// forms submit without asking); it is loaded from /assets because the CSP forbids inline scripts.
(function () {
  'use strict';

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(input.value);
    input.select();
    return new Promise(function (resolve, reject) {
      try {
        if (document.execCommand('copy')) resolve();
        else reject(new Error('copy refused'));
      } catch (err) {
        reject(err);
      }
    });
  }

  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var input = document.getElementById(button.getAttribute('data-copy'));
    if (!input) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', function () {
      copyText(input).then(
        function () {
          button.textContent = button.getAttribute('data-copied') || label;
          setTimeout(function () {
            button.textContent = label;
          }, 2000);
        },
        function () {
          input.focus();
          input.select();
        },
      );
    });
  });

  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });

  // A refused form's summary takes focus, so keyboard and screen-reader users start from the list.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();

  // Tabs (S21): the anchors of [data-tabs] become a tablist; one panel shows at a time. The first panel
  // with an error opens, else the one the address names. Without this script the panels are sections.
  document.querySelectorAll('[data-tabs]').forEach(function (nav) {
    var links = Array.prototype.slice.call(nav.querySelectorAll('a[data-tab]'));
    var panels = links.map(function (link) {
      return document.getElementById(link.getAttribute('data-tab'));
    });
    if (
      panels.some(function (panel) {
        return !panel;
      })
    )
      return;
    var actions = document.querySelector('[data-form-actions]');
    nav.setAttribute('role', 'tablist');
    links.forEach(function (link, i) {
      link.setAttribute('role', 'tab');
      link.id = 'tab-' + link.getAttribute('data-tab');
      link.setAttribute('aria-controls', panels[i].id);
      panels[i].setAttribute('role', 'tabpanel');
      panels[i].setAttribute('aria-labelledby', link.id);
      panels[i].setAttribute('tabindex', '0');
    });
    function select(index, focus) {
      links.forEach(function (link, i) {
        var on = i === index;
        link.setAttribute('aria-selected', on ? 'true' : 'false');
        link.setAttribute('tabindex', on ? '0' : '-1');
        panels[i].hidden = !on;
      });
      if (actions) actions.hidden = !panels[index].closest('form');
      if (focus) links[index].focus();
    }
    function panelIndexOf(element) {
      for (var i = 0; i < panels.length; i++) if (panels[i].contains(element)) return i;
      return -1;
    }
    links.forEach(function (link, i) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        select(i, false);
        if (window.history.replaceState) window.history.replaceState(null, '', '#' + panels[i].id);
      });
      link.addEventListener('keydown', function (event) {
        var next = null;
        if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
          var forward = (event.key === 'ArrowRight') !== (document.dir === 'rtl');
          next = (i + (forward ? 1 : links.length - 1)) % links.length;
        } else if (event.key === 'Home') next = 0;
        else if (event.key === 'End') next = links.length - 1;
        if (next !== null) {
          event.preventDefault();
          select(next, true);
        }
      });
    });
    // A link to a field (the error summary) opens its tab first.
    document.addEventListener('click', function (event) {
      var a = event.target.closest && event.target.closest('a[href^="#"]');
      if (!a || a.hasAttribute('data-tab')) return;
      var target = document.getElementById(a.getAttribute('href').slice(1));
      if (!target) return;
      var index = panelIndexOf(target);
      if (index < 0) return;
      event.preventDefault();
      select(index, false);
      target.focus();
    });
    var start = 0;
    var invalid = document.querySelector(
      '[data-tab-panel] .has-error, [data-tab-panel] [aria-invalid="true"]',
    );
    var named = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (invalid) start = panelIndexOf(invalid);
    else if (named && panelIndexOf(named) >= 0) start = panelIndexOf(named);
    else {
      var result = document.querySelector('[data-tab-panel] [data-verdict]');
      if (result) start = panelIndexOf(result);
    }
    select(start < 0 ? 0 : start, false);
  });

  // The provider form: the Published box follows the state as the server would (Enabled publishes, Test
  // and Disabled unpublish), in sight; the form then says the box is to be taken as shown.
  document.querySelectorAll('form[data-provider-form]').forEach(function (form) {
    var box = form.querySelector('input[data-publication]');
    if (!box) return;
    var explicit = document.createElement('input');
    explicit.type = 'hidden';
    explicit.name = 'isPublishedExplicit';
    explicit.value = '1';
    form.appendChild(explicit);
    form.querySelectorAll('input[name="state"]').forEach(function (radio) {
      radio.addEventListener('change', function () {
        if (!radio.checked) return;
        box.checked = radio.value === 'enabled';
      });
    });
  });

  // Phones (S21): filters start folded unless some are in use; tables of cards get their column names.
  if (window.matchMedia && window.matchMedia('(max-width: 40rem)').matches) {
    document.querySelectorAll('details[data-collapse-on-phone]').forEach(function (details) {
      if (!details.hasAttribute('data-active')) details.open = false;
    });
  }
  document.querySelectorAll('table.cards-on-phone').forEach(function (table) {
    var names = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll('tbody tr').forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (!cell.hasAttribute('data-label') && names[i]) cell.setAttribute('data-label', names[i]);
      });
    });
  });

  // Files (S19): a certificate, key or domain file chosen from disk fills its text box; the form still
  // posts text, so the same checks apply, and pasting keeps working without JavaScript.
  document.querySelectorAll('input[type="file"][data-file-into]').forEach(function (input) {
    var target = document.getElementById(input.getAttribute('data-file-into'));
    if (!target || typeof window.FileReader === 'undefined') return;
    input.hidden = false;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new window.FileReader();
      reader.onload = function () {
        target.value = String(reader.result || '');
      };
      reader.readAsText(file);
    });
  });
})();
