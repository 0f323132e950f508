// The JavaScript marker: validates, marks and explains an answer against an activity's key table
// exactly as treatylab.marker does in Python (the table's format is described there). It is the only
// code in the browser that compares an answer with a key: every widget shows its ticks from
// explain(), and tests/browser/test_marker_equivalence.py runs cases generated from every table
// through both markers. Prepended to each widget's module with common.js.

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

/** Equality as JSON sees it (booleans are not numbers, 3.0 is 3), like marker.json_equal. */
function jsonEqual(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return a === b;
}

const among = (value, options) => options.some((o) => jsonEqual(value, o));
const sortedCopy = (list) => [...list].sort();
const sameIds = (given, ids) => Array.isArray(given) && given.every((x) => typeof x === "string") &&
  jsonEqual(sortedCopy(given), sortedCopy(ids));

/** Whether `value` fits a part's or field's spec (marker.validate_value). */
function validValue(value, spec) {
  switch (spec.type) {
    case "choice": return among(value, spec.options);
    case "choices": return Array.isArray(value) && value.every((v) => among(v, spec.options));
    case "number": {
      if (!isNumber(value) || (spec.whole && !Number.isInteger(value))) return false;
      return value >= getOr(spec, "min", -Infinity) && value <= getOr(spec, "max", Infinity);
    }
    case "text": return typeof value === "string";
    case "permutation": return (Boolean(spec.empty_ok) && Array.isArray(value) && value.length === 0) || sameIds(value, spec.of);
    case "map": return isPlainObject(value) && Object.entries(value).every(([k, v]) => spec.keys.includes(k) && validValue(v, spec.values));
    case "record": return isPlainObject(value) && (spec.required || []).every((n) => hasOwn(value, n)) &&
      Object.entries(spec.fields).every(([n, sub]) => !hasOwn(value, n) || validValue(value[n], sub));
    default: return false;
  }
}

/** Whether `answer` fits the activity (marker.KeyTable.validate, as a yes or no). */
function isValid(table, answer) {
  const spec = table.answer;
  if (!isPlainObject(answer)) return false;
  const at = getOr(spec, "at", null);
  const fields = spec.fields || {};
  if (at !== null) {
    if (!Object.keys(answer).every((k) => k === at || hasOwn(fields, k))) return false;
    if (!Object.entries(fields).every(([n, sub]) => !hasOwn(answer, n) || validValue(answer[n], sub))) return false;
  }
  const parts = spec.parts;
  if (spec.order) {
    const order = getOr(answer, at, []);
    return (Array.isArray(order) && order.length === 0) || sameIds(order, Object.keys(parts));
  }
  const given = at === null ? answer : getOr(answer, at, {});
  if (!isPlainObject(given)) return false;
  return Object.entries(given).every(([first, value]) => {
    if ((spec.levels || 1) !== 2) return hasOwn(parts, first) && validValue(value, parts[first]);
    const isRow = Object.keys(parts).some((p) => p.split("/")[0] === first);
    return isRow && isPlainObject(value) && Object.entries(value).every(([second, cell]) =>
      hasOwn(parts, `${first}/${second}`) && validValue(cell, parts[`${first}/${second}`]));
  });
}

/** Each answered part's value by part id (an order's parts: their 1-based positions). */
function partValues(table, answer) {
  const spec = table.answer;
  const at = getOr(spec, "at", null);
  if (spec.order) return Object.fromEntries((getOr(answer, at, []) || []).map((p, i) => [p, i + 1]));
  const given = at === null ? answer : getOr(answer, at, {});
  if ((spec.levels || 1) === 2) {
    return Object.fromEntries(Object.entries(given).flatMap(([r, cells]) => Object.entries(cells).map(([c, v]) => [`${r}/${c}`, v])));
  }
  return { ...given };
}

/** Which side a proposal favours, on a straight line or by ratio (marker.favoured_side). */
function favouredSide(value, russia, ukraine, band, scale = "linear") {
  if (scale === "ratio") [value, russia, ukraine] = [Math.log(value), Math.log(russia), Math.log(ukraine)];
  const share = (value - russia) / (ukraine - russia);
  if (Math.abs(share - 0.5) <= band) return "neither";
  return share < 0.5 ? "russia" : "ukraine";
}

function matches(value, accepted) {
  if (isPlainObject(accepted)) return isPlainObject(value) && Object.entries(accepted).every(([k, v]) => hasOwn(value, k) && jsonEqual(value[k], v));
  return jsonEqual(value, accepted);
}

const sideOf = (rule, value, scale) => favouredSide(value.value, rule.russia, rule.ukraine, rule.band, scale);

/** Whether one (valid) part value is accepted by its key entry (marker.mark_part). */
function markPart(rule, value) {
  const accept = (rule.accept || []).map((a) => a.value);
  switch (rule.rule) {
    case "equal": return accept.some((a) => matches(value, a));
    case "set": return accept.some((a) => jsonEqual(sortedCopy(value), sortedCopy(a)));
    case "near": return accept.some((a) => Math.abs(value - a) <= rule.tolerance);
    case "favours": return (accept.length ? accept : ["linear"]).some((scale) => value.favours === sideOf(rule, value, scale));
    default: return false;
  }
}

/** Right or wrong, piece by piece, of `value` against one accepted answer (marker.ticks). */
function ticksOf(rule, spec, value, accepted) {
  if (rule.rule === "set") return Object.fromEntries(spec.options.map((o) => [o, value.includes(o) === accepted.includes(o)]));
  if (Array.isArray(accepted) && Array.isArray(value)) {
    return Object.fromEntries(value.map((x, i) => [x, i < accepted.length && jsonEqual(x, accepted[i])]));
  }
  if (isPlainObject(accepted)) {
    return Object.fromEntries(Object.entries(accepted).map(([k, v]) => [k, isPlainObject(value) && hasOwn(value, k) && jsonEqual(value[k], v)]));
  }
  return null;
}

/**
 * Why one (valid) part value is marked as it is (marker.explain_part): ok; matched (the index of the
 * accepted answer it matched, or null); against (the answer it is compared with: the matched one, or
 * else the one with most pieces right, the keyed answer on a tie); expected (that answer; for
 * "favours", the side the value favours); reason (why a matched alternative is accepted); ticks.
 */
function explainPart(rule, spec, value) {
  const ok = markPart(rule, value);
  if (rule.rule === "favours" && !(rule.accept || []).length) rule = { ...rule, accept: [{ value: "linear" }] };
  const accepted = rule.accept.map((a) => a.value);
  const found = accepted.findIndex((a) => markPart({ ...rule, accept: [{ value: a }] }, value));
  const matched = found < 0 ? null : found;
  let against = matched;
  if (matched === null) {
    const right = accepted.map((a) => Object.values(ticksOf(rule, spec, value, a) || {}).filter(Boolean).length);
    against = right.indexOf(Math.max(...right));
  }
  const reason = matched ? getOr(rule.accept[matched], "reason", null) : null;
  const expected = rule.rule === "favours" ? sideOf(rule, value, accepted[against]) : accepted[against];
  return { ok, matched, against, expected, reason, ticks: ticksOf(rule, spec, value, accepted[against]) };
}

/** The table carries its key (not in the assignment edition). */
const hasKey = (table) => Boolean(table && table.key && Object.keys(table.key).length);

/** Each marked part's explanation (explainPart), keyed like the answer's parts ({row: {column: ...}} for a grid). */
function explain(table, answer) {
  const parts = table.answer.parts;
  const out = {};
  for (const [part, value] of Object.entries(partValues(table, answer))) {
    const needed = parts[part].mark_when || [];
    if (parts[part].unmarked || !needed.every((n) => hasOwn(value, n))) continue; // positions, written answers
    const why = explainPart(table.key[part], parts[part], value);
    if ((table.answer.levels || 1) === 2) {
      const [row, column] = part.split("/");
      (out[row] = out[row] || {})[column] = why;
    } else out[part] = why;
  }
  return out;
}

/** Marks of a valid answer, keyed like its parts ({row: {column: mark}} for a grid). */
function check(table, answer) {
  const grid = (table.answer.levels || 1) === 2;
  const ok = (row) => (grid ? Object.fromEntries(Object.entries(row).map(([c, e]) => [c, e.ok])) : row.ok);
  return Object.fromEntries(Object.entries(explain(table, answer)).map(([part, row]) => [part, ok(row)]));
}

/** The marks in `check(table, answer)`'s nested result, flattened: [true, false, ...]. */
function flatMarks(marks) {
  return Object.values(marks || {}).flatMap((m) => (isPlainObject(m) ? flatMarks(m) : [Boolean(m)]));
}

/**
 * The one score every view gives (marker.KeyTable.score): {right, outOf}. Only parts the key marks
 * count (never a position or a written answer); out of every marked part when the activity is
 * complete (an unanswered part is wrong, as the grade sheet lists it), else out of those answered.
 */
function score(table, answer) {
  const marks = flatMarks(check(table, answer));
  const parts = table.answer.parts;
  const marked = Object.keys(parts).filter((p) => !parts[p].unmarked).length;
  return { right: marks.filter(Boolean).length, outOf: table.complete ? marked : marks.length };
}

/** The key entry of a part (its accepted answers and feedback), or undefined without a key. */
const keyOf = (table, part) => (hasKey(table) ? table.key[part] : undefined);
