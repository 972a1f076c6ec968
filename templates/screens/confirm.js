// Asks before a step that cannot be undone: any form with data-confirm shows its text and submits only on OK.
(function () {
  'use strict';
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var text = form && form.getAttribute && form.getAttribute('data-confirm');
    if (text && !window.confirm(text)) e.preventDefault();
  }, true);
  // A long request (a bulk import) says so and cannot be sent twice: buttons are disabled once the form's data is taken.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var busy = !e.defaultPrevented && form && form.getAttribute && form.getAttribute('data-busy');
    if (!busy) return;
    var submitter = e.submitter;
    setTimeout(function () {
      form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
      if (submitter) submitter.textContent = busy;
    }, 0);
  });
})();
