// Asks before a step that cannot be undone: any form with data-confirm shows its text and submits only on OK.
(function () {
  'use strict';
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var text = form && form.getAttribute && form.getAttribute('data-confirm');
    if (text && !window.confirm(text)) e.preventDefault();
  }, true);
})();
