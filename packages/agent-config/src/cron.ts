/**
 * Cron expressions as the agent's scheduler (node-cron 4) runs them, checked without loading
 * node-cron: the collector validates remote configs with this package and must not pull the
 * agent's runtime libraries. No published validator accepts node-cron's grammar (croner takes
 * a year field and impossible dates, cron-validate's node-cron preset refuses five fields), so
 * the grammar is written out here and `packages/edge-agent/test/unit/cron-agreement.test.ts`
 * checks it against node-cron itself: whatever this accepts, node-cron schedules.
 *
 * Grammar: an optional seconds field, then minute, hour, day of month, month, day of week;
 * each a comma list of `*`, `N`, `A-B` (wrapping when A > B), `* /S` or `A-B/S`; month and
 * weekday names (`jan`, `monday`); day of month `L`, `LW`, `NW`, `L-N` or `?`; day of week
 * `NL`, `N#K` or `?` (0 and 7 are Sunday); nicknames `@hourly` … `@yearly`.
 */

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyMap<string, number>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTHS_LONG = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september'];
const MONTHS_LONG_END = ['october', 'november', 'december'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKDAYS_LONG = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const numbered = (lists: readonly (readonly string[])[], first: number) =>
  new Map(lists.flatMap((l) => l.map((name, i) => [name, i + first] as const)));

const FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: numbered([MONTHS, [...MONTHS_LONG, ...MONTHS_LONG_END]], 1) },
  // 7 is Sunday too, as in Vixie cron.
  { name: 'day of week', min: 0, max: 7, names: numbered([WEEKDAYS, WEEKDAYS_LONG], 0) },
];
const DAY_OF_MONTH = FIELDS[3];
const DAY_OF_WEEK = FIELDS[5];

const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Longest month per month number (February in a leap year): `30 2 *` never runs. */
const MAX_DAY = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A field value: digits, or (month, weekday) a name, as its number; undefined when out of range. */
function value(text: string, spec: FieldSpec): number | undefined {
  const n = /^\d+$/.test(text) ? Number.parseInt(text, 10) : spec.names?.get(text.toLowerCase());
  return n !== undefined && n >= spec.min && n <= spec.max ? n : undefined;
}

/** The values one list item selects (for the impossible-date check), or a reason it is wrong. */
function item(text: string, spec: FieldSpec): number[] | 'special' | string {
  const bad = `"${text}" is not a valid ${spec.name} (${spec.min}–${spec.max})`;
  if (spec === DAY_OF_MONTH && /^(?:L|LW|L-(?:[1-9]|[12]\d|30|0[1-9])|(?:0?[1-9]|[12]\d|3[01])W)$/i.test(text))
    return 'special';
  if (spec === DAY_OF_WEEK) {
    const m = /^([a-z]+|\d+)(L|#[1-5])$/i.exec(text);
    if (m) return value(m[1]!, spec) === undefined ? bad : 'special';
  }
  const m = /^(?:(\*)|([a-z]+|\d+)(?:-([a-z]+|\d+))?)(?:\/(\d+))?$/i.exec(text);
  if (!m) return bad;
  const [, star, from, to, stepText] = m;
  const step = stepText === undefined ? 1 : Number.parseInt(stepText, 10);
  if (!(step >= 1)) return `step "${stepText}" in ${spec.name} must be at least 1`;
  // node-cron reads `N/S` as a plain value and refuses it; only `*/S` and `A-B/S` step.
  if (!star && to === undefined && stepText !== undefined) return bad;
  const first = star ? spec.min : value(from!, spec);
  const last = star ? spec.max : to === undefined ? first : value(to, spec);
  if (first === undefined || last === undefined) return bad;
  // Expanded as node-cron does: a range with A > B wraps round the field (`22-2` hours).
  const top = spec === DAY_OF_WEEK ? 6 : spec.max;
  const size = top - spec.min + 1;
  const span = first <= last ? last - first : (((last - first) % size) + size) % size;
  const out: number[] = [];
  for (let offset = 0; offset <= span; offset += step) {
    const v = first + offset;
    out.push(first > last && v > top ? v - size : v);
  }
  return out;
}

/**
 * Why `expression` is not a cron expression the agent can schedule, or undefined when it is.
 * The reason names the field and the part that is wrong.
 */
export function cronProblem(expression: string): string | undefined {
  const resolved = NICKNAMES[expression.trim().toLowerCase()] ?? expression;
  if (!/^[a-zA-Z0-9\-*/,#? ]+$/.test(resolved)) return 'only digits, names, spaces and * / , - # ? L W may appear';
  const raw = resolved.trim().split(/ +/);
  if (raw.length !== 5 && raw.length !== 6) return `expected 5 or 6 fields, got ${raw.length}`;
  const fields = raw.length === 5 ? ['0', ...raw] : raw;
  const days: number[] = [];
  const months: number[] = [];
  let specialDays = false;
  for (const [i, spec] of FIELDS.entries()) {
    const field = fields[i]!;
    if (field === '?' && (i === 3 || i === 5)) {
      if (i === 3) days.push(1);
      continue;
    }
    for (const part of field.split(',')) {
      const r = item(part, spec);
      if (typeof r === 'string' && r !== 'special') return r;
      if (r === 'special') specialDays ||= i === 3;
      else if (i === 3) days.push(...r);
      else if (i === 4) months.push(...r);
    }
  }
  if (!specialDays && !months.some((m) => days.some((d) => d <= MAX_DAY[m]!)))
    return `day ${fields[3]} never occurs in month ${fields[4]}`;
  return undefined;
}

/** True when node-cron 4 accepts `expression` (see {@link cronProblem} for why not). */
export function isCronExpression(expression: string): boolean {
  return cronProblem(expression) === undefined;
}
