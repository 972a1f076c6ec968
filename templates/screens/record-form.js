// Live cross-field checks for plugin record forms: the same conditions the server checks
// (core/plugin-host/constraints.ts), read from the form's data-constraints attribute.
(function () {
  'use strict';
  var form = document.querySelector('form.record-form[data-constraints]');
  if (!form) return;
  var constraints;
  try {
    constraints = JSON.parse(form.getAttribute('data-constraints') || '[]');
  } catch (e) {
    return;
  }
  if (!constraints.length) return;

  function valueOf(name) {
    var el = form.elements.namedItem(name);
    if (!el) return null;
    // A multi-choice field is a group of checkboxes (a RadioNodeList, or one box): its value is the ticked values.
    var boxes = el.length !== undefined && !el.tagName ? Array.prototype.slice.call(el) : el.getAttribute('data-type') === 'multi-enum' ? [el] : null;
    if (boxes) {
      var ticked = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      return ticked.length ? ticked : null;
    }
    if (el.type === 'checkbox') return el.checked;
    var raw = (el.value || '').trim();
    if (raw === '') return null;
    var type = el.getAttribute('data-type');
    if (type === 'money') {
      // Typed in yuan; the rules compare fen, as stored.
      var yuan = Number(raw.replace(/[,，\s]/g, ''));
      return isNaN(yuan) ? raw : Math.round(yuan * 100);
    }
    if (type === 'integer' || type === 'decimal') {
      var n = Number(raw);
      return isNaN(n) ? raw : n;
    }
    return raw;
  }

  function empty(v) {
    return v === null || v === undefined || v === '' || (typeof v === 'string' && v.trim() === '');
  }

  function test(c) {
    if (c.all) return c.all.every(test);
    if (c.any) return c.any.some(test);
    if (c.not) return !test(c.not);
    var v = valueOf(c.field);
    switch (c.op) {
      case 'present': return !empty(v);
      case 'absent': return empty(v);
      case 'equal': return v === c.value;
      case 'notEqual': return v !== c.value;
      case 'in': return Array.isArray(c.value) && c.value.indexOf(v) >= 0;
      case 'notIn': return Array.isArray(c.value) && c.value.indexOf(v) < 0;
      case 'lessThan': return typeof v === 'number' && typeof c.value === 'number' && v < c.value;
      case 'lessThanInclusive': return typeof v === 'number' && typeof c.value === 'number' && v <= c.value;
      case 'greaterThan': return typeof v === 'number' && typeof c.value === 'number' && v > c.value;
      case 'greaterThanInclusive': return typeof v === 'number' && typeof c.value === 'number' && v >= c.value;
    }
    return false;
  }

  function check() {
    var messages = {};
    var broken = 0;
    constraints.forEach(function (k) {
      if (test(k.when) && !test(k.then)) {
        (messages[k.field] = messages[k.field] || []).push(k.message);
        broken++;
      }
    });
    var slots = form.querySelectorAll('[data-live-for]');
    for (var i = 0; i < slots.length; i++) {
      var field = slots[i].getAttribute('data-live-for');
      var input = form.elements.namedItem(field);
      var msg = messages[field];
      slots[i].textContent = msg ? msg.join('；') : '';
      slots[i].hidden = !msg;
      if (input && input.setAttribute) {
        if (msg) input.setAttribute('aria-invalid', 'true');
        else if (!input.closest('.invalid')) input.removeAttribute('aria-invalid');
      }
    }
    return broken;
  }

  form.addEventListener('input', check);
  form.addEventListener('change', check);
  form.addEventListener('submit', function (e) {
    if (check() > 0) {
      e.preventDefault();
      var first = form.querySelector('[data-live-for]:not([hidden])');
      if (first) first.scrollIntoView({ block: 'center' });
    }
  });
  check();
})();
