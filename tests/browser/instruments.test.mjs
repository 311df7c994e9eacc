// The four instruments of tests/fixtures/instruments, each built as the
// self-assessment of tests/fixtures/assessment, in real headless Chromium:
// at least five paths through each, answered with clicks, and the questions
// asked, the outcome shown, the scores and the notes compared with what the
// instrument itself specifies. The expected values are worked out here from
// the published scoring rules (item sums and bands of the PHQ-9 and GAD-7,
// BMI from height and weight, AUDIT-C with its threshold by sex, the triage
// of the Columbia Protocol's screen), not copied from the files' test cases.
// axe-core runs once per instrument. The first path of each is answered
// through Playwright's pointer, the others by clicks dispatched in the page.
//
// Run by scripts/test after `cargo build`; needs chromium and npm ci.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { REPO, buildSite, serve, launchBrowser } from './gates-support.mjs';
import { assertAxeClean } from './page-support.mjs';

/** axe-core on the one page every walk uses. */
const axe = (label) => assertAxeClean(page, label);
const NAMES = ['gad7', 'phq9-gad7', 'medical-screen', 'cssrs-screener'];

let browser, page;
const sites = {}; // name -> { root, out, server }
const errors = [];

before(async () => {
  for (const name of NAMES) {
    const root = fs.mkdtempSync(path.join(REPO, 'target', `instrument-${name}-`));
    fs.cpSync(path.join(REPO, 'tests', 'fixtures', 'assessment'), root, { recursive: true });
    fs.copyFileSync(path.join(REPO, 'tests', 'fixtures', 'instruments', `${name}.yaml`), path.join(root, 'content', 'assessment.yaml'));
    const out = buildSite(root);
    sites[name] = { root, out, server: await serve(out) };
  }
  browser = await launchBrowser();
  // One page for every path: each path loads the assessment afresh.
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  page = await context.newPage();
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
});

after(async () => {
  await browser?.close();
  for (const s of Object.values(sites)) {
    await s.server.close();
    fs.rmSync(s.root, { recursive: true, force: true });
    fs.rmSync(path.dirname(s.out), { recursive: true, force: true });
  }
});

// ---- Driving a path ------------------------------------------------------

const onScreen = () => page.evaluate(() => [...document.querySelectorAll('.a-step')].find((s) => !s.hidden)?.id);

/** Gives `value` to question `q` on screen: a number is typed, an array
 * ticks checkboxes, anything else picks that option; then Continue. With
 * `real`, through Playwright's pointer and keyboard, as the other tests do;
 * otherwise the same clicks dispatched in the page, one round trip a step,
 * so that thirty paths stay well under two minutes on a busy machine. */
async function give(q, value, real) {
  if (real) {
    if (typeof value === 'number') await page.fill(`#${q}-input`, String(value));
    else for (const o of [].concat(value)) await page.check(`#${q}-${o}`);
    await page.click('#a-continue button');
    return;
  }
  await page.evaluate(([q, value]) => {
    if (typeof value === 'number') {
      const input = document.getElementById(`${q}-input`);
      input.value = String(value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    } else {
      for (const o of [].concat(value)) {
        const input = document.getElementById(`${q}-${o}`);
        if (!input.checked) input.click();
      }
    }
    document.querySelector('#a-continue button').click();
  }, [q, value]);
}

/** What the page shows now: the step, its text, the visible notes (id and
 * text) and whether the crisis lines lead it. */
async function shown() {
  return page.evaluate(() => {
    const step = [...document.querySelectorAll('.a-step')].find((s) => !s.hidden);
    const first = document.getElementById('a-crisis-first');
    return {
      id: step.id,
      text: step.innerText,
      notes: [...document.querySelectorAll('.a-note')].filter((n) => n.checkVisibility()).map((n) => ({ id: n.id.replace(/^note-/, ''), text: n.innerText })),
      crisisFirst: step.contains(first) && first.checkVisibility() && !!first.querySelector('#crisis-lines') && /988/.test(first.innerText),
      credit: document.getElementById('a-credit')?.checkVisibility() ? document.getElementById('a-credit').innerText : null,
    };
  });
}

/**
 * Answers the instrument at `name` from its start with `answers` (question
 * id -> answer), continuing past the interrupting outcomes in `past`, to the
 * outcome it ends on (with `real`, every answer through Playwright's pointer). Returns the questions asked in order, each interrupt
 * seen (with the question it followed and what it showed), and the final
 * screen. A question asked that `answers` has no answer for fails the test.
 */
async function walk(name, answers, past = [], real = false) {
  await page.goto(`${sites[name].server.origin}/assessment/`, { waitUntil: 'load' });
  await page.click('#a-start');
  const asked = [];
  const interrupts = [];
  for (let i = 0; i < 200; i++) {
    const id = await onScreen();
    if (id.startsWith('step-')) {
      const q = id.slice('step-'.length);
      assert.ok(q in answers, `${name}: asked ${q}, which this path does not answer (asked: ${asked.join(', ')})`);
      asked.push(q);
      await give(q, answers[q], real);
    } else if (id === 'a-summary') {
      await page.click('#a-finish');
    } else {
      const outcome = id.slice('outcome-'.length);
      if (past.includes(outcome) && !interrupts.some((x) => x.outcome === outcome)) {
        interrupts.push({ outcome, after: asked.at(-1), screen: await shown() });
        await page.click(`[data-continue="${outcome}"]`);
        continue;
      }
      return { asked, interrupts, outcome, screen: await shown() };
    }
  }
  throw new Error(`${name}: no outcome after 200 steps`);
}

/** Asserts a walk against what the instrument specifies: the questions in
 * order, the interrupt (if any, and after which question), the outcome, the
 * notes in order, text the outcome or a note must show, whether the
 * crisis lines lead the result, and the credit (matching `credit`). */
function expectWalk(label, got, want, credit) {
  assert.deepEqual(got.asked, want.asked, `${label}: the questions asked`);
  assert.deepEqual(got.interrupts.map((x) => [x.outcome, x.after]), want.interrupts ?? [], `${label}: the interrupts, each after its question`);
  for (const x of got.interrupts) {
    assert.ok(x.screen.crisisFirst, `${label}: the crisis lines lead the ${x.outcome} screen`);
    assert.deepEqual(x.screen.notes, [], `${label}: an interrupting screen shows no notes`);
  }
  assert.equal(got.outcome, want.outcome, `${label}: the outcome`);
  assert.deepEqual(got.screen.notes.map((n) => n.id), want.notes, `${label}: the notes, in order`);
  const all = [got.screen.text, ...got.screen.notes.map((n) => n.text)].join('\n');
  for (const t of want.texts ?? []) assert.ok(all.includes(t), `${label}: shows ${JSON.stringify(t)} in\n${all}`);
  for (const [id, text] of Object.entries(want.noteTexts ?? {})) {
    assert.equal(got.screen.notes.find((n) => n.id === id)?.text, text, `${label}: the text of note ${id}`);
  }
  assert.equal(got.screen.crisisFirst, want.crisisFirst, `${label}: the crisis lines lead the result`);
  // The instrument's credit closes every result (not a stop screen).
  if (!want.stop) assert.match(got.screen.credit ?? '', credit, `${label}: the credit shows with the result`);
}

// ---- The PHQ-9 and GAD-7: published scoring ------------------------------

// Each item: "Not at all" 0, "Several days" 1, "More than half the days" 2,
// "Nearly every day" 3 (Kroenke et al. 2001; Spitzer et al. 2006).
const FREQ = ['not_at_all', 'several_days', 'more_than_half', 'nearly_every_day'];
const ids = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
/** Answers for items `prefix`1.. scored `scores`. */
const items = (prefix, scores) => Object.fromEntries(scores.map((s, i) => [`${prefix}${i + 1}`, FREQ[s]]));

/** GAD-7 severity: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe. */
function gadBand(total) {
  assert.ok(total >= 0 && total <= 21);
  return total <= 4 ? 'minimal' : total <= 9 ? 'mild' : total <= 14 ? 'moderate' : 'severe';
}

/** PHQ-9 severity: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19
 * moderately severe, 20–27 severe. */
function phqBand(total) {
  assert.ok(total >= 0 && total <= 27);
  return total <= 4 ? 'minimal' : total <= 9 ? 'mild' : total <= 14 ? 'moderate' : total <= 19 ? 'moderately severe' : 'severe';
}

const DIFFICULTY = { not_difficult: 'Not difficult at all', somewhat: 'Somewhat difficult', very: 'Very difficult', extremely: 'Extremely difficult' };

/** The GAD-7 alone: the follow-up is asked when any problem was checked;
 * the result is the band; notes: the score always, the authors' cut-point of
 * 10 for further assessment, and daily life made very or extremely hard. */
function gad7Expected(scores, difficulty) {
  const total = sum(scores);
  const band = gadBand(total);
  const asked = [...ids('gad', 7), ...(scores.some((s) => s > 0) ? ['difficulty'] : [])];
  const hard = difficulty === 'very' || difficulty === 'extremely';
  const notes = ['gad7_score', ...(total >= 10 ? ['score_10_or_more'] : []), ...(hard && asked.includes('difficulty') ? ['hard_to_cope'] : [])];
  return {
    asked,
    outcome: band,
    notes,
    texts: [...(hard ? [`You answered “${DIFFICULTY[difficulty]}”.`] : [])],
    noteTexts: {
      gad7_score: `Your GAD-7 score: ${total} out of 21\n\nThis is in the ${band} range. The GAD-7 adds up how often seven signs of anxiety bothered you in the last 2 weeks, from 0 to 21. It is a screening score, not a diagnosis.`,
    },
    crisisFirst: false,
  };
}

test('GAD-7: seven paths, the total and band as published, the follow-up only after a problem, and axe on a result', async () => {
  const paths = [
    { scores: [0, 0, 0, 0, 0, 0, 0], difficulty: 'somewhat' }, // no problem: no follow-up
    { scores: [1, 1, 1, 1, 0, 0, 0], difficulty: 'not_difficult' }, // 4, top of minimal
    { scores: [1, 1, 1, 1, 1, 0, 0], difficulty: 'somewhat' }, // 5, mild
    { scores: [3, 3, 3, 0, 0, 0, 1], difficulty: 'very' }, // 10, moderate, very hard
    { scores: [2, 2, 2, 2, 2, 2, 2], difficulty: 'extremely' }, // 14
    { scores: [3, 3, 3, 3, 3, 0, 0], difficulty: 'not_difficult' }, // 15, severe
    { scores: [3, 3, 3, 3, 3, 3, 3], difficulty: 'very' }, // 21
  ];
  for (const [i, p] of paths.entries()) {
    const got = await walk('gad7', { ...items('gad', p.scores), difficulty: p.difficulty }, [], i === 0);
    expectWalk(`gad7 path ${i} (${p.scores.join('')})`, got, gad7Expected(p.scores, p.difficulty), /Spitzer[\s\S]*Löwe[\s\S]*Pfizer/);
    if (i === 3) await axe('a GAD-7 result with notes');
  }
  assert.deepEqual(errors, []);
});

/** The PHQ-9 with the GAD-7: item 9 above "Not at all" interrupts at once
 * (further suicide-risk assessment, whatever the total); each "how
 * difficult" item follows its instrument when any of its problems was
 * checked; the result: "extremely difficult" first, then PHQ-9 20+ or
 * GAD-7 15+, then 10+ on either, then 5+ on either. */
function phqGadExpected(phq, gad, phqDifficulty, gadDifficulty, continued) {
  const p = sum(phq);
  const g = sum(gad);
  const item9 = phq[8] > 0;
  const asked = [...ids('phq', 9)];
  if (item9 && !continued) return { stop: true, asked, interrupts: [], outcome: 'crisis', notes: [], texts: ['You told us about thoughts of hurting yourself.'], crisisFirst: true };
  if (phq.some((s) => s > 0)) asked.push('phq_difficulty');
  asked.push(...ids('gad', 7));
  if (g > 0) asked.push('gad_difficulty');
  const given = (q, v) => asked.includes(q) && v === 'extremely';
  const outcome = given('phq_difficulty', phqDifficulty) || given('gad_difficulty', gadDifficulty) ? 'hard_to_cope'
    : p >= 20 || g >= 15 ? 'severe'
      : p >= 10 || g >= 10 ? 'moderate'
        : p >= 5 || g >= 5 ? 'mild' : 'minimal';
  const scores = outcome === 'minimal'
    ? `Your PHQ-9 is ${p} and your GAD-7 is ${g}.`
    : `Your PHQ-9 is ${p} (${phqBand(p)}) and your GAD-7 is ${g} (${gadBand(g)})`;
  return {
    asked,
    interrupts: item9 ? [['crisis', 'phq9']] : [],
    outcome,
    notes: [],
    texts: [scores],
    // Once the safety screen was shown, the result keeps the crisis lines.
    crisisFirst: item9,
  };
}

test('PHQ-9 + GAD-7: ten paths incl. the item-9 safety path, both totals and bands as published, follow-ups only after a problem', async () => {
  const paths = [
    { phq: [0, 0, 0, 0, 0, 0, 0, 0, 0], gad: [0, 0, 0, 0, 0, 0, 0] },
    { phq: [0, 0, 0, 0, 0, 0, 0, 0, 0], gad: [1, 1, 1, 1, 1, 1, 0], gadD: 'somewhat' }, // GAD-7 6 only
    { phq: [3, 3, 2, 2, 2, 2, 2, 1, 0], phqD: 'very', gad: [0, 1, 0, 0, 1, 0, 1], gadD: 'somewhat' }, // 17, 3
    { phq: [1, 1, 1, 1, 1, 0, 0, 0, 0], phqD: 'somewhat', gad: [3, 2, 2, 2, 2, 2, 2], gadD: 'very' }, // 5, 15
    { phq: [3, 3, 3, 3, 3, 3, 2, 0, 0], phqD: 'very', gad: [0, 0, 0, 0, 0, 0, 0] }, // 20, 0
    { phq: [2, 2, 2, 2, 2, 2, 1, 1, 0], phqD: 'somewhat', gad: [1, 1, 1, 1, 0, 0, 0], gadD: 'somewhat' }, // 14, 4
    { phq: [1, 1, 1, 1, 1, 1, 1, 2, 0], phqD: 'not_difficult', gad: [2, 2, 2, 2, 2, 0, 0], gadD: 'very' }, // 9, 10
    { phq: [1, 0, 0, 0, 0, 0, 0, 0, 0], phqD: 'somewhat', gad: [1, 0, 0, 0, 0, 0, 0], gadD: 'extremely' },
    { phq: [0, 0, 0, 0, 0, 0, 0, 0, 1], phqD: 'somewhat', gad: [2, 2, 2, 2, 1, 1, 0], gadD: 'somewhat', item9: 'stop' },
    { phq: [0, 0, 0, 0, 0, 0, 0, 0, 1], phqD: 'somewhat', gad: [2, 2, 2, 2, 1, 1, 0], gadD: 'somewhat', item9: 'continue' }, // 1, 10
  ];
  for (const [i, p] of paths.entries()) {
    const answers = { ...items('phq', p.phq), ...items('gad', p.gad), phq_difficulty: p.phqD ?? 'not_difficult', gad_difficulty: p.gadD ?? 'not_difficult' };
    const continued = p.item9 === 'continue';
    const got = await walk('phq9-gad7', answers, continued ? ['crisis'] : [], i === 0);
    expectWalk(`phq9-gad7 path ${i}`, got, phqGadExpected(p.phq, p.gad, answers.phq_difficulty, answers.gad_difficulty, continued), /Spitzer[\s\S]*Pfizer/);
    if (p.item9 === 'stop') await axe('the PHQ-9 item-9 crisis screen');
  }
  assert.deepEqual(errors, []);
});

// ---- The medical screen ---------------------------------------------------

const HISTORY = ['therapy', 'self_harm', 'psychosis', 'mania', 'seizures', 'stroke', 'aneurysm', 'heart_attack', 'heart_failure', 'arrhythmia', 'chest_pain', 'liver', 'kidney', 'glaucoma', 'thyroid_high', 'bladder', 'ketamine_misuse', 'drug_use', 'sleep_apnea', 'head_injury', 'dissociation', 'surgery_soon', 'allergy', 'driving', 'eating_disorder', 'ptsd', 'ketamine_before'];
// AUDIT-C: each of the three items scores 0 to 4, in the order of its options.
const AUDIT = {
  audit1: ['never', 'monthly', 'two_four_month', 'two_three_week', 'four_plus_week'],
  audit2: ['one_two', 'three_four', 'five_six', 'seven_nine', 'ten_plus'],
  audit3: ['never', 'less_monthly', 'monthly', 'weekly', 'daily'],
};
const WELL = {
  age: 40, sex: 'male', height: 70, weight: 170, systolic: 122, diastolic: 78, meds: ['ssri'],
  audit1: 'monthly', audit2: 'one_two', audit3: 'never', trials: 2,
  ...Object.fromEntries(HISTORY.map((q) => [q, 'no'])), therapy: 'yes', driving: 'yes',
};

/** BMI from inches and pounds: 703 × lb / in². */
const bmi = (inches, pounds) => (703 * pounds) / (inches * inches);
/** A number to one decimal, halves up, as {bmi:1} shows it. */
const oneDecimal = (x) => (Math.round(x * 10) / 10).toFixed(1);

/** The screen's rules: under 18 stops; self-harm thoughts interrupt with the
 * crisis lines; pregnancy and breastfeeding are asked of women up to 55;
 * AUDIT-C items 2 and 3 only for those who drink; then the first that
 * holds of: a contraindication, BMI over 40, a reason for a physician's
 * review (BMI 35–40, 65 or older, 140/90 or more, AUDIT-C 4+ for men or 3+
 * for women, a history item, an interacting medicine), no ride home, fewer
 * than two antidepressants, else a good fit. */
function medicalExpected(a, continued) {
  const asked = ['age'];
  if (a.age < 18) return { stop: true, asked, interrupts: [], outcome: 'too_young', notes: [], crisisFirst: false };
  asked.push('sex');
  const pregnancyAsked = a.sex === 'female' && a.age <= 55;
  if (pregnancyAsked) asked.push('pregnant', 'breastfeeding');
  asked.push('height', 'weight', 'systolic', 'diastolic', 'meds', 'audit1');
  const drinks = a.audit1 !== 'never';
  if (drinks) asked.push('audit2', 'audit3');
  const auditC = AUDIT.audit1.indexOf(a.audit1) + (drinks ? AUDIT.audit2.indexOf(a.audit2) + AUDIT.audit3.indexOf(a.audit3) : 0);
  asked.push('trials');
  const upToSelfHarm = HISTORY.slice(0, HISTORY.indexOf('self_harm') + 1);
  asked.push(...upToSelfHarm);
  const crisis = a.self_harm === 'yes';
  if (crisis && !continued) return { stop: true, asked, interrupts: [], outcome: 'crisis', notes: [], crisisFirst: true };
  asked.push(...HISTORY.slice(upToSelfHarm.length));
  const yes = (q) => a[q] === 'yes' && asked.includes(q);
  const b = bmi(a.height, a.weight);
  const riskyDrinking = (a.sex === 'male' && auditC >= 4) || (a.sex === 'female' && auditC >= 3);
  const highBp = a.systolic >= 140 || a.diastolic >= 90;
  const contraindicated = ['pregnant', 'breastfeeding', 'psychosis', 'mania', 'aneurysm', 'heart_failure', 'allergy', 'ketamine_misuse'].some(yes)
    || a.meds.includes('maoi') || a.systolic >= 180 || a.diastolic >= 110;
  const review = (b >= 35 && b <= 40) || a.age >= 65 || highBp || riskyDrinking
    || ['seizures', 'stroke', 'heart_attack', 'arrhythmia', 'chest_pain', 'liver', 'kidney', 'glaucoma', 'thyroid_high', 'bladder', 'drug_use', 'sleep_apnea', 'head_injury', 'dissociation', 'surgery_soon'].some(yes)
    || ['lamotrigine', 'benzo', 'opioid', 'stimulant', 'theophylline', 'memantine', 'naltrexone'].some((m) => a.meds.includes(m));
  const outcome = contraindicated ? 'not_suitable' : b > 40 ? 'bmi_over_40' : review ? 'physician_review'
    : a.driving === 'no' ? 'no_ride' : a.trials < 2 ? 'first_treatments' : 'good_fit';
  const reasons = [
    ...(b >= 35 && b <= 40 ? [`BMI ${oneDecimal(b)}`] : []),
    ...(a.age >= 65 ? [`Age ${a.age}`] : []),
    ...(highBp ? [`Blood pressure ${a.systolic}/${a.diastolic}`] : []),
    ...(riskyDrinking ? [`An AUDIT-C alcohol score of ${auditC}`] : []),
  ];
  const noteTexts = {
    measures: `Your BMI: ${oneDecimal(b)}\n\nFrom your height (${a.height} inches) and weight (${a.weight} pounds). Your AUDIT-C alcohol score is ${auditC} out of 12.`,
  };
  if (reasons.length) noteTexts.review_reasons = `Our physician will look at these\n\nA physician looks at these answers before your visit:\n\n${reasons.join('\n')}`;
  return {
    asked,
    interrupts: crisis ? [['crisis', 'self_harm']] : [],
    outcome,
    notes: ['measures', ...(reasons.length ? ['review_reasons'] : [])],
    noteTexts,
    crisisFirst: crisis,
  };
}

test('medical screen: eight paths, BMI from height and weight, AUDIT-C with its threshold by sex, the skips and the self-harm interrupt', { timeout: 120_000 }, async () => {
  const paths = [
    { ...WELL }, // BMI 24.4, AUDIT-C 1: a good fit
    { ...WELL, height: 61, weight: 132, trials: 1 }, // BMI 24.94 shows as 24.9; one antidepressant
    { ...WELL, sex: 'female', age: 45, pregnant: 'no', breastfeeding: 'no', audit1: 'two_three_week' }, // AUDIT-C 3: risky for a woman
    { ...WELL, audit1: 'two_three_week' }, // AUDIT-C 3: not for a man
    { ...WELL, age: 70, height: 64, weight: 210, systolic: 150, diastolic: 95, audit1: 'never', audit2: undefined, audit3: undefined }, // BMI 36.0, 65+, 150/95, no drinking
    { ...WELL, sex: 'female', age: 60, height: 60, weight: 300 }, // BMI 58.6; no pregnancy questions at 60
    { ...WELL, age: 16 }, // stops at once
    { ...WELL, self_harm: 'yes', driving: 'no', continued: true }, // interrupts, then the result keeps the crisis lines
  ];
  for (const [i, p] of paths.entries()) {
    const { continued, ...raw } = p;
    const answers = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    const got = await walk('medical-screen', answers, continued ? ['crisis'] : [], i === 0);
    expectWalk(`medical-screen path ${i}`, got, medicalExpected(answers, continued), /^$/); // no credit: the clinic's own screen
    if (i === 4) await axe('a medical-screen result with listed reasons');
  }
  assert.deepEqual(errors, []);
});

// ---- The C-SSRS screener ----------------------------------------------------

const REASONS = {
  wish_dead: 'Wanting to be dead, in the past month',
  thoughts: 'Thoughts of ending your life, in the past month',
  method: 'Thinking about how you might do it',
  intent: 'Feeling you might act on the thoughts',
  plan: 'Working out a plan',
};

/** The Columbia Protocol screen (recent): 3 to 5 only after a yes to 2; 6
 * always, and its "past 3 months" only after a yes. Triage: 4 or 5 yes, or
 * behaviour in the past 3 months, high (at once, with the crisis lines); 3
 * yes or behaviour longer ago, moderate; 1 or 2 yes alone, low. */
function cssrsExpected(a, continued) {
  const asked = [];
  const interrupts = [];
  const yes = (q) => asked.includes(q) && a[q] === 'yes';
  const high = () => yes('intent') || yes('plan') || yes('behaviour_recent');
  const order = ['wish_dead', 'thoughts', ...(a.thoughts === 'yes' ? ['method', 'intent', 'plan'] : []), 'behaviour', ...(a.behaviour === 'yes' ? ['behaviour_recent'] : [])];
  for (const q of order) {
    asked.push(q);
    // High risk shows at once, right after the answer that makes it so.
    if (interrupts.length === 0 && high()) {
      if (!continued) return { stop: true, asked, interrupts: [], outcome: 'high_risk', notes: [], crisisFirst: true, texts: ['Please get help now'] };
      interrupts.push(['high_risk', q]);
    }
  }
  const outcome = high() ? 'high_risk_result'
    : yes('method') || (yes('behaviour') && a.behaviour_recent === 'no') ? 'moderate_risk'
      : yes('wish_dead') || yes('thoughts') ? 'low_risk' : 'no_risk';
  const reasons = Object.keys(REASONS).filter(yes).map((q) => REASONS[q]);
  if (yes('behaviour')) reasons.push(`Doing or preparing something to end your life, ${a.behaviour_recent === 'yes' ? 'in the past 3 months' : 'more than 3 months ago'}`);
  const told = yes('wish_dead') || yes('thoughts') || yes('behaviour');
  return {
    asked,
    interrupts,
    outcome,
    notes: told ? ['told_us'] : [],
    noteTexts: told ? { told_us: `What you told us\n\nThese answers are why we suggest this:\n\n${reasons.join('\n')}` } : {},
    // The note is urgent: the crisis lines lead any result that shows it.
    crisisFirst: told || interrupts.length > 0,
  };
}

test('C-SSRS screener: eight paths, the skip logic and the triage of the screen, high risk at once with the crisis lines', async () => {
  const none = { wish_dead: 'no', thoughts: 'no', method: 'no', intent: 'no', plan: 'no', behaviour: 'no', behaviour_recent: 'no' };
  const paths = [
    { ...none }, // no risk: 3 to 5 and the follow-up skipped
    { ...none, wish_dead: 'yes' }, // low
    { ...none, wish_dead: 'yes', thoughts: 'yes' }, // low, 3 to 5 asked
    { ...none, thoughts: 'yes', method: 'yes' }, // moderate
    { ...none, behaviour: 'yes' }, // moderate: more than 3 months ago
    { ...none, wish_dead: 'yes', thoughts: 'yes', intent: 'yes' }, // high at once, after intent
    { ...none, thoughts: 'yes', plan: 'yes', behaviour: 'yes', continued: true }, // high, continued past
    { ...none, behaviour: 'yes', behaviour_recent: 'yes', continued: true }, // high: within 3 months
  ];
  for (const [i, p] of paths.entries()) {
    const { continued, ...answers } = p;
    const got = await walk('cssrs-screener', answers, continued ? ['high_risk'] : [], i === 0);
    expectWalk(`cssrs path ${i}`, got, cssrsExpected(answers, continued), /Columbia Protocol/);
    if (i === 5) {
      assert.match(got.screen.text, /988/, 'the high-risk screen shows the crisis line');
      assert.equal(await page.locator('[data-continue="high_risk"]').isVisible(), true, 'and the way on once safe');
      await axe('the C-SSRS high-risk screen');
    }
  }
  assert.deepEqual(errors, []);
});

test('C-SSRS screener: intent taken back after the high-risk screen keeps the crisis help on the result, and says the answer changed', async () => {
  await page.goto(`${sites['cssrs-screener'].server.origin}/assessment/`, { waitUntil: 'load' });
  await page.click('#a-start');
  for (const [q, v] of [['wish_dead', 'yes'], ['thoughts', 'yes'], ['method', 'no'], ['intent', 'yes']]) await give(q, v, true);
  assert.equal(await onScreen(), 'outcome-high_risk', 'intent shows the high-risk screen at once');
  await page.click('#a-back');
  await page.waitForFunction(() => !document.getElementById('step-intent').hidden);
  for (const [q, v] of [['intent', 'no'], ['plan', 'no'], ['behaviour', 'no']]) await give(q, v, true);
  assert.equal(await onScreen(), 'a-summary');
  assert.match(await page.locator('.a-summary-row', { has: page.locator('.a-changed') }).innerText(), /act on them[\s\S]*No[\s\S]*You changed this answer after we showed you where to get help\./);
  await page.click('#a-finish');
  const s = await shown();
  assert.equal(s.id, 'outcome-low_risk', 'the new answer counts for the result: thoughts without method, intent or plan');
  assert.ok(s.crisisFirst, 'the crisis lines still lead the result');
  assert.equal(await page.locator('#a-safety-changed').isVisible(), true);
  assert.deepEqual(errors, []);
});
