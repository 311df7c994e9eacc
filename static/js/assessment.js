/* pamphlet self-assessment. No dependencies, network or storage: answers
   live in this closure and are gone when the tab closes. The engine mirrors
   src/questionnaire/eval.rs (a differential test holds them together).
   Answers: an option's index, a multi question's list of option indexes,
   a number, a date ('YYYY-MM-DD') or D ("prefer not to say", read as no
   answer by all but 'declined'); null is no answer. The page half shows one server-rendered step at a
   time; history state holds step ids only. */
(function () {
  'use strict';

  // ---- Engine ---------------------------------------------------------
  var D = 'prefer_not_to_say';
  // The answer conditions see: "prefer not to say" reads as none.
  function got(v) { return v === D ? null : v; }

  function truth(m, e, a) {
    var x, y, v = got(a[e.q]);
    switch (e.k) {
      case 'bool': return e.v;
      case 'is': return e.opts.indexOf(v) >= 0;
      case 'is_not': return typeof v === 'number' && e.opts.indexOf(v) < 0;
      case 'has': return Array.isArray(v) && v.indexOf(e.opt) >= 0;
      case 'answered': return v !== null;
      case 'declined': return a[e.q] === D;
      case 'cmp':
        x = num(m, e.a, a); y = num(m, e.b, a);
        if (x === null || y === null) return false;
        switch (e.op) {
          case '==': return x === y;
          case '!=': return x !== y;
          case '<': return x < y;
          case '<=': return x <= y;
          case '>': return x > y;
          default: return x >= y;
        }
      case 'bool_eq': return (truth(m, e.a, a) === truth(m, e.b, a)) !== e.ne;
      case 'and': return e.args.every(function (s) { return truth(m, s, a); });
      case 'or': return e.args.some(function (s) { return truth(m, s, a); });
      case 'not': return !truth(m, e.a, a);
    }
    return false;
  }

  function optionScore(q, answer) {
    if (answer === null || !q.scores) return 0;
    // Only choices and checklists have scores.
    if (q.type === 'choice') return q.scores[answer];
    var sum = 0;
    q.scores.forEach(function (v, i) { if (answer.indexOf(i) >= 0) sum += v; });
    return sum;
  }

  // Dates as [year, month, day]; days counted from 1970-01-01 in UTC, so
  // no time zone or clock change moves them.
  function ymd(s) { return s.split('-').map(Number); }
  function day(p) { return Date.UTC(p[0], p[1] - 1, p[2]) / 864e5; }
  // The device's own date: the person's "today".
  function today(m) {
    return m.today || new Date(Date.now() - new Date().getTimezoneOffset() * 6e4).toISOString().slice(0, 10);
  }
  // `p` plus `n` months, the day clamped to the month's last (as jiff does).
  function plusMonths(p, n) {
    var t = p[0] * 12 + p[1] - 1 + n, y = Math.floor(t / 12), mo = t - y * 12;
    return day([y, mo + 1, Math.min(p[2], new Date(Date.UTC(y, mo + 1, 0)).getUTCDate())]);
  }
  // Whole calendar months from `a` to `b`, as src/questionnaire/dates.rs.
  function months(a, b) {
    var p = ymd(a), q = ymd(b);
    if (day(p) > day(q)) return -months(b, a);
    var n = (q[0] - p[0]) * 12 + q[1] - p[1];
    return plusMonths(p, n) > day(q) ? n - 1 : n;
  }
  function since(unit, d, t) { return unit === 'days' ? day(ymd(t)) - day(ymd(d)) : months(d, t); }

  function num(m, e, a) {
    var x, y, v = got(a[e.q]);
    switch (e.k) {
      case 'num': return e.v;
      case 'count': return Array.isArray(v) ? v.length : 0;
      case 'score': return optionScore(m.questions[e.q], v);
      case 'value': return typeof v === 'number' ? v : null;
      case 'since': return typeof v === 'string' ? since(e.unit, v, today(m)) : null;
      case 'ref': return num(m, m.scores[e.s].expr, a);
      case 'neg': x = num(m, e.a, a); return x === null ? null : -x;
      case 'arith':
        x = num(m, e.a, a); y = num(m, e.b, a);
        if (x === null || y === null) return null;
        if (e.op === '+') return x + y;
        if (e.op === '-') return x - y;
        if (e.op === '*') return x * y;
        if (e.op === 'min') return Math.min(x, y);
        if (e.op === 'max') return Math.max(x, y);
        if (e.op === 'round') return round(x, y);
        return y === 0 ? null : x / y;
    }
    return null;
  }

  // Halves up, with the same operations as ops.rs's round_to.
  function round(x, n) {
    var p = Math.pow(10, n), y = x * p, d = Math.floor(y);
    return (y - d >= 0.5 ? d + 1 : d) / p;
  }

  function shown(m, q, a) {
    var cond = m.questions[q].show_if;
    return !cond || truth(m, cond, a);
  }

  // Answers to questions that are not shown never count.
  function effective(m, given) {
    var a = given.map(function () { return null; });
    for (var q = 0; q < given.length; q++) {
      if (given[q] !== null && shown(m, q, a)) a[q] = given[q];
    }
    return a;
  }

  function interrupt(m, a, done) {
    for (var i = 0; i < m.outcomes.length; i++) {
      var o = m.outcomes[i];
      if (o.interrupt && done.indexOf(i) < 0 && truth(m, o.when, a)) return i;
    }
    return null;
  }

  function result(m, a) {
    for (var i = 0; i < m.outcomes.length; i++) {
      if (!m.outcomes[i].interrupt && truth(m, m.outcomes[i].when, a)) return i;
    }
    return null;
  }

  // Every note whose condition holds, in order.
  function notes(m, a) {
    return (m.notes || []).map(function (n, i) { return truth(m, n.when, a) ? i : -1; }).filter(function (i) { return i >= 0; });
  }

  function scoreValues(m, a) {
    return m.scores.map(function (s, i) { return num(m, { k: 'ref', s: i }, a); });
  }

  function band(m, s, v) {
    var found = m.scores[s].bands.filter(function (b) { return v >= b.min && v <= b.max; })[0];
    return found ? found.label : null;
  }

  var engine = { truth: truth, num: num, effective: effective, interrupt: interrupt,
    result: result, notes: notes, scoreValues: scoreValues, band: band };
  if (typeof module === 'object' && module.exports) { module.exports = engine; return; }
  if (typeof document === 'undefined') return;

  // ---- Page -----------------------------------------------------------
  var $ = function (id) { return document.getElementById(id); };
  var data = $('assessment-data'), root = $('assessment');
  if (!data || !root) return;
  var m = JSON.parse(data.textContent);
  var Q = m.questions;
  var given = Q.map(function () { return null; });
  // Interrupting outcomes the person continued past.
  var continued = [];
  // The question on screen.
  var current = null;
  // How many steps back the Back link can go.
  var depth = 0;
  var backToSummary = false;
  // A safety (urgent) screen was shown: sticky.
  var safety = false;
  // The result shows an urgent note.
  var urgentNote = false;
  // Question -> its answer when a safety screen showed.
  var before = {};
  // Which run history entries belong to.
  var run = 0;
  var baseTitle = document.title, lang = document.documentElement.lang || undefined;
  // Messages: i18n/<lang>.yaml's a_js_* keys.
  function say(key, v) {
    return (m.strings[key] || key).replace(/\{(\w+)\}/g, function (_, k) { return v[k]; });
  }
  // The crisis lines live in the footer; a safety screen shows them first.
  var lines = $('crisis-lines'), first = $('a-crisis-first');
  var linesHome = lines && lines.parentNode, linesNext = lines && lines.nextSibling;

  // Tolerates an overridden template that lacks an element.
  function hide(id, value) { var e = $(id); if (e) e.hidden = value; }
  function step(q) { return $('step-' + Q[q].id); }
  // The answers that count now.
  function counted() { return effective(m, given); }
  function inputs(q) { return step(q).querySelectorAll('input, textarea'); }
  function heading(el) { return el.querySelector('h1'); }
  function text(q) { return heading(step(q)).textContent; }
  function indexOf(list, id) { return list.findIndex(function (x) { return x.id === id; }); }
  function path(a) { return Q.map(function (x, q) { return q; }).filter(function (q) { return shown(m, q, a); }); }
  function label(input) { return input.nextSibling.textContent; }
  function has(el, name) { return el.hasAttribute(name); }
  function bound(b) { return b === 'today' ? today(m) : b; }
  // "None of these" keeps what "these" were.
  function answerText(q, a) {
    var type = Q[q].type;
    if (a === null) return say('not_answered');
    if (a === D) return step(q).querySelector('[data-decline]').textContent;
    if (type === 'number' || type === 'text') return String(a);
    // A date-only ISO text is read as UTC midnight, and shown as that day.
    if (type === 'date') return new Date(a).toLocaleDateString(lang, { dateStyle: 'long', timeZone: 'UTC' });
    var labels = [], all = [].slice.call(inputs(q));
    all.forEach(function (input, i) {
      if (!(type === 'multi' ? a.indexOf(i) >= 0 : a === i)) return;
      var t = label(input);
      if (has(input, 'data-exclusive')) {
        t += ' (' + all.filter(function (x) { return !has(x, 'data-exclusive'); }).map(label).join('; ') + ')';
      }
      labels.push(t);
    });
    return labels.join('; ');
  }

  function placeCrisis(el, kind) {
    var urgent = kind !== 'q' && el.classList.contains('a-urgent');
    if (urgent) safety = true;
    if (!lines || !first) return;
    hide('a-safety-changed', !(kind === 'result' && Object.keys(before).some(function (q) { return String(before[q]) !== String(given[q]); })));
    if (urgent || (kind === 'result' && (safety || urgentNote))) {
      first.appendChild(lines);
      el.insertBefore(first, heading(el).nextSibling);
      first.hidden = false;
    } else {
      first.hidden = true;
      linesHome.insertBefore(lines, linesNext);
    }
  }

  // Step ids: intro, q:<id>, summary, result:<id>, interrupt:<id>.
  function show(id, push) {
    var kind = id.split(':')[0], name = id.split(':')[1];
    var el = kind === 'q' ? $('step-' + name) : kind === 'intro' ? $('a-intro') :
      kind === 'summary' ? $('a-summary') : $('outcome-' + name);
    current = kind === 'q' ? indexOf(Q, name) : null;
    root.querySelectorAll('.a-step').forEach(function (s) { s.hidden = s !== el; });
    root.querySelector('.a-questions').hidden = kind !== 'q';
    $('a-continue').hidden = kind !== 'q';
    $('a-errors').hidden = true;
    // A stop screen (an interrupt with no way on) has no answers to print.
    var stop = kind === 'interrupt' && !el.querySelector('[data-continue]');
    $('a-result-extra').hidden = !(kind === 'result' || stop);
    hide('a-notes', kind !== 'result');
    hide('a-result-only', stop);
    hide('a-print', stop);
    // One "Next steps" block serves every result; only some offer booking.
    hide('a-book', !has(el, 'data-book'));
    // The instrument's credit closes every result, and a stop screen that
    // shows its scores.
    hide('a-credit', !(kind === 'result' || has(el, 'data-scores')));
    document.body.classList.toggle('a-running', kind !== 'intro');
    hide('a-leave', kind === 'intro');
    placeCrisis(el, kind);
    if (push) { depth++; history.pushState({ step: id, depth: depth, run: run }, ''); }
    $('a-back').hidden = depth === 0;
    var progress = $('a-progress');
    progress.hidden = current === null;
    if (current !== null) {
      var p = path(counted());
      progress.textContent = say('progress', { n: p.indexOf(current) + 1, total: p.length });
      heading(el).setAttribute('aria-describedby', 'a-progress');
      syncInputs(current);
    }
    // Browser history keeps the last title of the page: an outcome's own
    // title would tell the next user of the device what was answered.
    document.title = (kind === 'result' || kind === 'interrupt' ? say('title_' + kind) :
      heading(el).textContent.trim()) + ' – ' + baseTitle;
    heading(el).tabIndex = -1;
    heading(el).focus();
  }

  function syncInputs(q) {
    var a = given[q];
    inputs(q).forEach(function (input, i) {
      if (a === D) a = null;
      if (input.type !== 'checkbox' && input.type !== 'radio') input.value = a === null ? '' : String(a);
      else input.checked = a !== null && (input.type === 'checkbox' ? a.indexOf(i) >= 0 : a === i);
    });
  }

  function readAnswer(q) {
    // The messages are the page's, on the input (data-empty, data-format
    // and data-range for a number; data-empty, data-late and data-early for
    // a date), so a page without such questions does not carry them.
    var x = Q[q], value = null, input = inputs(q)[0], says = input.dataset;
    // Free text stays in this closure: no condition reads it.
    if (x.type === 'text') return { value: input.value.trim() || null };
    if (x.type === 'number') {
      var t = input.value.trim(), dp = x.dp || 0;
      if (t === '') return x.optional ? { value: null } : { error: says.empty };
      if (!new RegExp('^-?\\d+' + (dp ? '(\\.\\d{1,' + dp + '})?' : '') + '$').test(t)) return { error: says.format };
      var n = Number(t);
      return (x.min != null && n < x.min) || (x.max != null && n > x.max) ? { error: says.range } : { value: n };
    }
    if (x.type === 'date') {
      // The date input gives YYYY-MM-DD whatever the device's language.
      var d = input.value;
      if (d < '1000') return x.optional && !d ? { value: null } : { error: says.empty };
      if (x.not_after && d > bound(x.not_after)) return { error: says.late };
      return x.not_before && d < bound(x.not_before) ? { error: says.early } : { value: d };
    }
    inputs(q).forEach(function (input, i) {
      if (input.checked) value = x.type === 'multi' ? (value || []).concat(i) : i;
    });
    if (value === null && !x.optional) {
      return { error: x.type === 'multi' ? say('select_multi') : say('select_one') };
    }
    return { value: value };
  }

  // GOV.UK's pattern: a summary that takes focus, a message by the question,
  // and "Error:" in the title.
  function setError(q, message) {
    var el = step(q), group = el.querySelector('fieldset') || inputs(q)[0];
    var inline = $(Q[q].id + '-error');
    if (inline) inline.remove();
    el.classList.toggle('a-has-error', !!message);
    var ids = (group.getAttribute('aria-describedby') || '').split(' ').filter(function (d) { return d && d !== Q[q].id + '-error'; });
    if (!message) {
      group.removeAttribute('aria-invalid');
      if (ids.length) group.setAttribute('aria-describedby', ids.join(' ')); else group.removeAttribute('aria-describedby');
      return;
    }
    inline = make('p', 'a-error-message');
    inline.id = Q[q].id + '-error';
    inline.appendChild(make('span', 'visually-hidden', say('error_prefix') + ' '));
    inline.appendChild(document.createTextNode(message));
    var first = el.querySelector('fieldset label, .a-field p:last-child');
    first.parentNode.insertBefore(inline, first);
    ids.push(inline.id);
    group.setAttribute('aria-describedby', ids.join(' '));
    group.setAttribute('aria-invalid', 'true');
    $('a-error-link').textContent = message;
    $('a-errors').hidden = false;
    document.title = say('error_prefix') + ' ' + text(q) + ' – ' + baseTitle;
    $('a-errors').focus();
  }

  // `skip`: no answer; `decline`: "prefer not to say".
  function answer(q, skip, decline) {
    var read = skip ? { value: decline ? D : null } : readAnswer(q), trial = given.slice();
    trial[q] = read.value;
    // The question's own rule, read with the earlier answers.
    if (!read.error && read.value !== null && read.value !== D && Q[q].validate && !truth(m, Q[q].validate, effective(m, trial))) {
      read.error = step(q).getAttribute('data-invalid');
    }
    if (read.error) return setError(q, read.error);
    setError(q, null);
    given[q] = read.value;
    next(q);
  }

  // After an answer or a "continue": an interrupt first, then the next step.
  function next(q) {
    var a = counted();
    var o = interrupt(m, a, continued);
    if (o !== null) {
      // Safety is sticky: an answer that brought a safety screen can be
      // changed, but the summary says so and the result keeps the help.
      if ($('outcome-' + m.outcomes[o].id).classList.contains('a-urgent') && !(q in before)) before[q] = given[q];
      return show('interrupt:' + m.outcomes[o].id, true);
    }
    var p = path(a);
    var open = p.filter(function (x) { return a[x] === null && !Q[x].optional; });
    var later = backToSummary ? [] : p.filter(function (x) { return x > q; });
    var to = later.length ? later[0] : open[0];
    if (to !== undefined) return show('q:' + Q[to].id, true);
    backToSummary = false;
    showSummary(true);
  }

  function make(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content) e.textContent = content;
    return e;
  }

  function fillAnswers(list, change) {
    var a = counted();
    list.textContent = '';
    var lastStem = null;
    path(a).forEach(function (q) {
      var row = make('div', 'a-summary-row'), dt = make('dt'), stem = step(q).querySelector('.a-stem');
      // A shared stem ("Over the last 2 weeks...") heads its run of rows once.
      stem = stem && stem.textContent;
      if (stem && stem !== lastStem) dt.appendChild(make('span', 'a-stem', stem));
      lastStem = stem;
      dt.appendChild(document.createTextNode(text(q)));
      row.appendChild(dt);
      // A number with its unit, as the field showed it ("61 inches").
      var unit = typeof a[q] === 'number' && $(Q[q].id + '-unit');
      var dd = row.appendChild(make('dd', '', answerText(q, a[q]) + (unit ? ' ' + unit.textContent : '')));
      if (q in before && String(before[q]) !== String(given[q])) dd.appendChild(make('strong', 'a-changed', ' ' + say('changed')));
      if (change) {
        var link = make('a', '', say('change'));
        link.href = '#step-' + Q[q].id;
        link.setAttribute('data-change', String(q));
        link.appendChild(make('span', 'visually-hidden', ' ' + say('change_hidden') + ' ' + text(q)));
        row.appendChild(make('dd')).appendChild(link);
      }
      list.appendChild(row);
    });
  }

  function showSummary(push) {
    fillAnswers($('a-summary-list'), true);
    show('summary', push);
  }

  function showResult(push) {
    var a = counted(), o = result(m, a);
    if (o === null) return show('intro', push);
    var values = scoreValues(m, a), el = $('outcome-' + m.outcomes[o].id);
    var on = notes(m, a), after = [];
    urgentNote = false;
    (m.notes || []).forEach(function (n, i) {
      var note = $('note-' + n.id), holds = on.indexOf(i) >= 0;
      note.hidden = !holds;
      note.querySelectorAll('li').forEach(function (li, r) { li.hidden = !truth(m, n.reasons[r], a); });
      if (holds && n.urgent) { urgentNote = true; after.push(note); } else $('a-notes').appendChild(note);
    });
    root.querySelectorAll('[data-score], [data-band]').forEach(function (span) {
      var s = indexOf(m.scores, span.getAttribute('data-score') || span.getAttribute('data-band'));
      var v = values[s];
      var dp = span.getAttribute('data-dp');
      span.textContent = v === null ? '' : has(span, 'data-band') ? band(m, s, v) || '' :
        dp ? round(v, +dp).toFixed(+dp) : String(v);
    });
    root.querySelectorAll('[data-answer]').forEach(function (span) {
      var q = indexOf(Q, span.getAttribute('data-answer'));
      span.textContent = answerText(q, a[q]);
    });
    fillAnswers($('a-your-answers'), false);
    var date = $('a-date');
    if (date) date.textContent = ', ' + new Date().toLocaleDateString(lang, { dateStyle: 'long' });
    show('result:' + m.outcomes[o].id, push);
    // An urgent note follows the crisis lines at the top of the result.
    var at = first && !first.hidden ? first.nextSibling : heading(el).nextSibling;
    after.forEach(function (note) { el.insertBefore(note, at); });
  }

  // ---- Wiring ---------------------------------------------------------
  root.classList.add('a-live');
  // Without the script every control is disabled, so the form cannot be
  // sent and no answer can reach a URL (method="dialog" also sends nothing).
  root.querySelectorAll('[disabled]').forEach(function (el) { el.disabled = false; });
  if (first) first.tabIndex = -1;
  // A date's bounds (only dates have them), "today" being the device's date.
  Q.forEach(function (x, q) {
    if (x.not_before) inputs(q)[0].min = bound(x.not_before);
    if (x.not_after) inputs(q)[0].max = bound(x.not_after);
  });
  // A stem written once heads each step of its run.
  var stem;
  root.querySelectorAll('.a-questions > li').forEach(function (li) {
    if (has(li, 'data-stem')) li.querySelector('legend, .a-field').prepend(stem.cloneNode(true));
    stem = li.querySelector('.a-stem') || stem;
  });
  $('a-nojs').hidden = true;
  root.querySelectorAll('.a-js').forEach(function (el) { el.hidden = false; });
  history.replaceState({ step: 'intro', depth: 0, run: run }, '');
  root.querySelectorAll('.a-step').forEach(function (s) { s.hidden = s.id !== 'a-intro'; });
  $('a-continue').hidden = true;

  $('a-start').addEventListener('click', function () { show('q:' + Q[path(counted())[0]].id, true); });
  $('a-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (current !== null) answer(current, false);
  });
  $('a-error-link').addEventListener('click', function (event) {
    event.preventDefault();
    inputs(current)[0].focus();
  });
  $('a-form').addEventListener('change', function (event) {
    var input = event.target;
    if (input.type !== 'checkbox' || !input.checked) return;
    var only = has(input, 'data-exclusive');
    inputs(current).forEach(function (other) {
      if (other !== input && (only || has(other, 'data-exclusive'))) other.checked = false;
    });
  });
  root.addEventListener('click', function (event) {
    var target = event.target.closest('[data-change], [data-continue], [data-skip]');
    if (!target) return;
    event.preventDefault();
    // "Prefer not to say" is a skip that declines (data-skip data-decline).
    if (has(target, 'data-skip')) return answer(Number(target.getAttribute('data-skip')), true, has(target, 'data-decline'));
    if (has(target, 'data-change')) {
      backToSummary = true;
      return show('q:' + Q[Number(target.getAttribute('data-change'))].id, true);
    }
    continued.push(indexOf(m.outcomes, target.getAttribute('data-continue')));
    var a = counted();
    next(path(a).filter(function (q) { return a[q] !== null; }).pop());
  });
  $('a-back').addEventListener('click', function (event) { event.preventDefault(); history.back(); });
  $('a-finish').addEventListener('click', function () { showResult(true); });
  $('a-print').addEventListener('click', function () { window.print(); });
  // Start again forgets the previous person: answers, the safety flag, every
  // list and score on the page, and the history entries of that run.
  $('a-restart').addEventListener('click', function () {
    given = Q.map(function () { return null; });
    continued = [];
    safety = false;
    before = {};
    backToSummary = false;
    run++;
    $('a-form').reset();
    Q.forEach(function (x, q) { setError(q, null); });
    $('a-summary-list').textContent = '';
    $('a-your-answers').textContent = '';
    root.querySelectorAll('[data-score], [data-band], [data-answer]').forEach(function (span) { span.textContent = ''; });
    depth = 0;
    history.replaceState({ step: 'intro', depth: 0, run: run }, '');
    show('intro', false);
  });
  // "Need help now?" goes to the crisis lines wherever they are, without a
  // history entry.
  document.addEventListener('click', function (event) {
    if (!event.target.closest || !event.target.closest('a[href="#crisis"]')) return;
    event.preventDefault();
    var target = first && !first.hidden ? first : $('crisis');
    target.focus();
    target.scrollIntoView();
  });
  window.addEventListener('popstate', function (event) {
    // A jump to an anchor (the skip link) has no state: stay where we are.
    if (!event.state) return;
    var state = event.state, id = state.step;
    if (state.run !== run) { id = 'intro'; history.replaceState({ step: id, depth: 0, run: run }, ''); }
    depth = state.run === run ? state.depth : 0;
    if (id === 'summary') return showSummary(false);
    if (id.indexOf('result:') === 0) return showResult(false);
    if (id.indexOf('q:') === 0 && !shown(m, indexOf(Q, id.slice(2)), counted())) id = 'intro';
    show(id, false);
  });
})();
