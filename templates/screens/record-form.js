// Record pickers: typing narrows the options on the page at once; Enter (or 查找 without this script) asks the
// server, which searches every record the user may pick and re-draws the form with what was typed.
(function () {
  'use strict';
  var boxes = document.querySelectorAll('form.record-form [data-picker-search]');
  // 查找 comes first in the form, so Enter in another field would search: with the script, Enter saves as on any form.
  Array.prototype.forEach.call(document.querySelectorAll('form.record-form'), function (form) {
    var save = form.querySelector(':scope > button[type=submit]');
    if (!save || !form.querySelector('[data-picker-search]') || !form.requestSubmit) return;
    form.addEventListener('keydown', function (e) {
      var el = e.target;
      if (e.key !== 'Enter' || el.tagName !== 'INPUT' || el.hasAttribute('data-picker-search') || ['text', 'number', 'date', 'email', 'tel'].indexOf(el.type) < 0) return;
      e.preventDefault();
      form.requestSubmit(save);
    });
  });
  Array.prototype.forEach.call(boxes, function (box) {
    var key = box.getAttribute('data-picker-search');
    var select = box.form && box.form.elements.namedItem(key);
    var note = box.form.querySelector('[data-picker-note="' + key + '"]');
    var find = box.parentNode.querySelector('[name="_find"]');
    if (!select || !select.options) return;
    var all = Array.prototype.map.call(select.options, function (o) { return { value: o.value, text: o.text }; });
    var serverNote = note ? note.textContent : '';
    function filter() {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      var current = select.value;
      var shown = all.filter(function (o) {
        return o.value === '' || o.value === current || words.every(function (w) { return o.text.toLowerCase().indexOf(w) >= 0; });
      });
      // Rebuilt rather than hidden: phones' native pickers ignore hidden options.
      select.options.length = 0;
      shown.forEach(function (o) { select.add(new Option(o.text, o.value, false, o.value === current)); });
      var matches = shown.filter(function (o) { return o.value !== ''; }).length;
      if (note) note.textContent = words.length ? note.getAttribute('data-live').replace('{n}', String(matches)) : serverNote;
    }
    box.addEventListener('input', filter);
    box.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      if (find) find.click();
    });
  });
})();

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
