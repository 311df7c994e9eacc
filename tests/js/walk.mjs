// The walk through a questionnaire that eval.rs's `run` makes, written with
// the browser script's own functions, for the differential tests.

/**
 * Walks questionnaire `m` with `engine` (the browser script's exports) as a
 * person would, as eval.rs's `run` does, with the script's own rules: a question is asked when its show_if holds on the
 * answers that count, interrupts are checked after every answer. It lives
 * here, not in the shipped script, which walks step by step in the page
 * (and must stay under the page-weight budget).
 */
export function walk(engine, m, answers, continuePast) {
  const shown = (q, a) => !m.questions[q].show_if || engine.truth(m, m.questions[q].show_if, a);
  const given = answers.map(() => null);
  const out = { outcome: null, fired: [], path: [], missing: null, answers: null };
  for (let q = 0; q < answers.length; q++) {
    if (!shown(q, engine.effective(m, given))) continue;
    out.path.push(q);
    if (answers[q] !== null) given[q] = answers[q];
    else if (!m.questions[q].optional) {
      out.missing = q;
      out.answers = engine.effective(m, given);
      return out;
    }
    const current = engine.effective(m, given);
    let o;
    while ((o = engine.interrupt(m, current, out.fired)) !== null) {
      out.fired.push(o);
      if (!(m.outcomes[o].can_continue && continuePast.indexOf(o) >= 0)) {
        out.outcome = o;
        out.answers = current;
        return out;
      }
    }
  }
  out.answers = engine.effective(m, given);
  out.outcome = engine.result(m, out.answers);
  return out;
}
