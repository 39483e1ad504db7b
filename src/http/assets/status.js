// Polls the payment status (1 s, 2 s, 3 s… up to 10 s apart) and goes on once the state is final.
(function () {
  var root = document.querySelector('[data-poll-url]');
  if (!root) return;
  var url = root.getAttribute('data-poll-url');
  var finalStates = ['done', 'cancel', 'error', 'authorized'];
  var delay = 1000;
  function schedule() {
    setTimeout(poll, delay);
    delay = Math.min(delay + 1000, 10000);
  }
  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'omit' })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (data) {
        if (!data) return schedule();
        var current = root.getAttribute('data-state');
        if (finalStates.indexOf(data.state) !== -1) {
          if (data.landing_url) window.location.assign(data.landing_url);
          else if (data.state !== current) window.location.reload();
          return;
        }
        if (data.state !== current) return window.location.reload();
        schedule();
      })
      .catch(schedule);
  }
  schedule();
})();
