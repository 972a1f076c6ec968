// Polls the batch status and moves the progress bar; no inline script, so CSP script-src 'self' holds.
(function () {
  var box = document.querySelector('[data-batch]');
  if (!box) return;
  var id = box.getAttribute('data-batch');
  function tick() {
    fetch('/api/documents/batches/' + id, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        document.getElementById('batch-progress').value = s.done + s.failed;
        document.getElementById('batch-done').textContent = s.done;
        document.getElementById('batch-failed').textContent = s.failed;
        var list = document.getElementById('batch-errors');
        list.textContent = '';
        s.errors.forEach(function (e) {
          var li = document.createElement('li');
          li.textContent = list.getAttribute('data-item-label').replace('#', String(e.index)) + ': ' + e.message;
          list.appendChild(li);
        });
        if (s.status === 'done') {
          // An expired draft batch has no download link, only the notice.
          var zip = document.getElementById('batch-zip');
          if (zip) zip.classList.remove('hidden');
          var running = document.getElementById('batch-running');
          if (running) running.remove();
        } else {
          setTimeout(tick, 500);
        }
      })
      .catch(function () { setTimeout(tick, 2000); });
  }
  tick();
})();
