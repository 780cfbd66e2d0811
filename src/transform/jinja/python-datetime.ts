/**
 * Python's `datetime` module as dbt templates use it through
 * `modules.datetime` (and `modules.pytz` for time zones): `date`,
 * `datetime`, `timedelta`, their arithmetic (`+`, `-`, comparisons; the
 * template runtime calls `__add__`/`__sub__`/`__cmp__`), `strftime` /
 * `strptime`, `isoformat`, and printing exactly as Python's `str()` does.
 * Times are kept as microseconds of wall-clock time; an aware value also
 * holds its time zone, whose offset is looked up with Intl.
 */
import { FloeError } from '../../errors/index.js';
import { PyFloat } from './python-operators.js';
import { splitArguments } from './python-values.js';

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width = 2): string => (n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0'));

function datetimeError(message: string): FloeError {
  return new FloeError('FLOE_JINJA', message);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (setUTCFullYear keeps years 0–99 as written). */
function daysFromCivil(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / 86_400_000);
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const date = new Date(days * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

function checkDate(year: number, month: number, day: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw datetimeError(`year ${year} is out of range`);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw datetimeError('month must be in 1..12');
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) throw datetimeError('day is out of range for month');
}

/** A fixed-offset or IANA time zone (`pytz.timezone('America/Los_Angeles')`, `pytz.utc`). */
export class PyTimezone {
  private readonly format?: Intl.DateTimeFormat;
  constructor(
    readonly zone: string,
    private readonly fixedMinutes?: number,
  ) {
    if (fixedMinutes === undefined) {
      try {
        this.format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
      } catch {
        throw new FloeError('FLOE_JINJA', `UnknownTimeZoneError: '${zone}'`, { hint: "use an IANA name such as 'UTC' or 'America/New_York'" });
      }
    }
  }

  /** Offset from UTC in minutes at a UTC instant (milliseconds). */
  offsetAtUtc(utcMillis: number): number {
    if (this.fixedMinutes !== undefined) return this.fixedMinutes;
    const part = (this.format as Intl.DateTimeFormat).formatToParts(new Date(utcMillis)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part);
    if (!match) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  }

  /** Offset in minutes for a wall-clock time in this zone. */
  offsetAtWall(wallMillis: number): number {
    const first = this.offsetAtUtc(wallMillis);
    return this.offsetAtUtc(wallMillis - first * 60_000);
  }

  toString(): string {
    return this.zone;
  }
}

export const UTC = new PyTimezone('UTC', 0);

/** Python's timedelta, normalised as Python does (days, 0 ≤ seconds < 86400, 0 ≤ microseconds < 10⁶). */
export class PyTimedelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;

  constructor(readonly totalMicros: number) {
    this.days = Math.floor(totalMicros / MICROS_PER_DAY);
    const rest = totalMicros - this.days * MICROS_PER_DAY;
    this.seconds = Math.floor(rest / MICROS_PER_SECOND);
    this.microseconds = rest - this.seconds * MICROS_PER_SECOND;
  }

  static fromArguments(args: unknown[]): PyTimedelta {
    const { positional, keywords } = splitArguments(args);
    const names = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
    const value = (i: number): number => Number(positional[i] ?? keywords[names[i]] ?? 0);
    const micros = value(0) * MICROS_PER_DAY + value(1) * MICROS_PER_SECOND + value(2) + value(3) * 1000 + value(4) * 60 * MICROS_PER_SECOND + value(5) * 3600 * MICROS_PER_SECOND + value(6) * 7 * MICROS_PER_DAY;
    return new PyTimedelta(Math.round(micros));
  }

  total_seconds(): PyFloat {
    return new PyFloat(this.totalMicros / MICROS_PER_SECOND);
  }

  __add__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.totalMicros + other.totalMicros);
    if (other instanceof PyDate) return other.__add__(this);
    return NotImplemented;
  }

  __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.totalMicros - other.totalMicros);
    return NotImplemented;
  }

  __mul__(other: unknown): unknown {
    if (typeof other === 'number') return new PyTimedelta(Math.round(this.totalMicros * other));
    return NotImplemented;
  }

  __neg__(): PyTimedelta {
    return new PyTimedelta(-this.totalMicros);
  }

  __cmp__(other: unknown): number | undefined {
    return other instanceof PyTimedelta ? Math.sign(this.totalMicros - other.totalMicros) : undefined;
  }

  __eq__(other: unknown): boolean {
    return other instanceof PyTimedelta && other.totalMicros === this.totalMicros;
  }

  __bool__(): boolean {
    return this.totalMicros !== 0;
  }

  toString(): string {
    const h = Math.floor(this.seconds / 3600);
    const m = Math.floor((this.seconds % 3600) / 60);
    const s = this.seconds % 60;
    const clock = `${h}:${pad(m)}:${pad(s)}${this.microseconds ? `.${pad(this.microseconds, 6)}` : ''}`;
    return this.days === 0 ? clock : `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${clock}`;
  }
}

/** Returned by dunder methods for operand types they do not handle (as in Python). */
export const NotImplemented: unique symbol = Symbol('NotImplemented');

/** Python's `date` (and, through PyDateTime, `datetime`). */
export class PyDate {
  /** Wall-clock microseconds since 1970-01-01 00:00 (a date is its midnight). */
  protected readonly micros: number;

  constructor(micros: number) {
    this.micros = micros;
  }

  static of(year: unknown, month: unknown, day: unknown): PyDate {
    const [y, m, d] = [Number(year), Number(month), Number(day)];
    checkDate(y, m, d);
    return new PyDate(daysFromCivil(y, m, d) * MICROS_PER_DAY);
  }

  protected get civil(): { year: number; month: number; day: number } {
    return civilFromDays(Math.floor(this.micros / MICROS_PER_DAY));
  }
  get year(): number {
    return this.civil.year;
  }
  get month(): number {
    return this.civil.month;
  }
  get day(): number {
    return this.civil.day;
  }
  /** Wall-clock microseconds (for arithmetic and comparison). */
  get wallMicros(): number {
    return this.micros;
  }

  weekday(): number {
    return (((Math.floor(this.micros / MICROS_PER_DAY) + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  }
  isoweekday(): number {
    return this.weekday() + 1;
  }
  isocalendar(): number[] {
    const weekday = this.isoweekday();
    const thursday = PyDate.of(this.year, this.month, this.day).wallMicros / MICROS_PER_DAY + (4 - weekday);
    const { year } = civilFromDays(thursday);
    const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
    return [year, week, weekday];
  }
  toordinal(): number {
    return Math.floor(this.micros / MICROS_PER_DAY) - daysFromCivil(1, 1, 1) + 1;
  }

  replace(...args: unknown[]): PyDate {
    const { positional, keywords } = splitArguments(args);
    const year = Number(positional[0] ?? keywords.year ?? this.year);
    const month = Number(positional[1] ?? keywords.month ?? this.month);
    const day = Number(positional[2] ?? keywords.day ?? this.day);
    return PyDate.of(year, month, day);
  }

  strftime(format: unknown): string {
    return strftime(String(format), this);
  }
  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }

  __add__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return this.shifted(Math.floor(other.totalMicros / MICROS_PER_DAY) * MICROS_PER_DAY);
    return NotImplemented;
  }
  __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return this.shifted(-Math.floor(other.totalMicros / MICROS_PER_DAY) * MICROS_PER_DAY);
    if (other instanceof PyDate && !(other instanceof PyDateTime)) return new PyTimedelta(this.micros - other.micros);
    return NotImplemented;
  }
  protected shifted(micros: number): PyDate {
    return new PyDate(this.micros + micros);
  }
  __cmp__(other: unknown): number | undefined {
    if (other instanceof PyDateTime || !(other instanceof PyDate)) return undefined;
    return Math.sign(this.micros - other.micros);
  }
  __eq__(other: unknown): boolean {
    return this.__cmp__(other) === 0;
  }
  toString(): string {
    return this.isoformat();
  }
}

/** Python's `datetime`: naive (no tzinfo) or aware. */
export class PyDateTime extends PyDate {
  constructor(
    micros: number,
    readonly tzinfo: PyTimezone | null = null,
  ) {
    super(micros);
  }

  static override of(...args: unknown[]): PyDateTime {
    const { positional, keywords } = splitArguments(args);
    const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'];
    const get = (i: number, fallback: unknown): unknown => positional[i] ?? keywords[names[i]] ?? fallback;
    const [year, month, day] = [Number(get(0, undefined)), Number(get(1, undefined)), Number(get(2, undefined))];
    checkDate(year, month, day);
    const [hour, minute, second, microsecond] = [Number(get(3, 0)), Number(get(4, 0)), Number(get(5, 0)), Number(get(6, 0))];
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || microsecond < 0 || microsecond > 999_999) {
      throw datetimeError('hour, minute, second or microsecond is out of range');
    }
    const tz = get(7, null);
    const micros = daysFromCivil(year, month, day) * MICROS_PER_DAY + ((hour * 60 + minute) * 60 + second) * MICROS_PER_SECOND + microsecond;
    return new PyDateTime(micros, tz instanceof PyTimezone ? tz : null);
  }

  /** The current time: naive local (UTC here) unless a zone is given. */
  static now(tz?: unknown): PyDateTime {
    const utcMicros = Date.now() * 1000;
    return PyDateTime.fromUtcMicros(utcMicros, tz instanceof PyTimezone ? tz : null);
  }

  static fromUtcMicros(utcMicros: number, tz: PyTimezone | null): PyDateTime {
    if (!tz) return new PyDateTime(utcMicros, null);
    return new PyDateTime(utcMicros + tz.offsetAtUtc(utcMicros / 1000) * 60 * MICROS_PER_SECOND, tz);
  }

  /** A JavaScript Date (a UTC instant) as Python's driver would hand it over: naive UTC unless `tz`. */
  static fromDate(date: Date, tz: PyTimezone | null = null): PyDateTime {
    return PyDateTime.fromUtcMicros(date.getTime() * 1000, tz);
  }

  get hour(): number {
    return Math.floor(this.timeMicros / (3600 * MICROS_PER_SECOND));
  }
  get minute(): number {
    return Math.floor(this.timeMicros / (60 * MICROS_PER_SECOND)) % 60;
  }
  get second(): number {
    return Math.floor(this.timeMicros / MICROS_PER_SECOND) % 60;
  }
  get microsecond(): number {
    return this.timeMicros % MICROS_PER_SECOND;
  }
  private get timeMicros(): number {
    return ((this.micros % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY;
  }

  /** Minutes east of UTC, or undefined for a naive datetime. */
  offsetMinutes(): number | undefined {
    return this.tzinfo ? this.tzinfo.offsetAtWall(this.micros / 1000) : undefined;
  }
  /** Microseconds since the epoch in UTC (naive values are read as UTC). */
  get utcMicros(): number {
    return this.micros - (this.offsetMinutes() ?? 0) * 60 * MICROS_PER_SECOND;
  }

  date(): PyDate {
    return new PyDate(Math.floor(this.micros / MICROS_PER_DAY) * MICROS_PER_DAY);
  }
  timestamp(): number {
    return this.utcMicros / MICROS_PER_SECOND;
  }
  astimezone(tz?: unknown): PyDateTime {
    return PyDateTime.fromUtcMicros(this.utcMicros, tz instanceof PyTimezone ? tz : UTC);
  }
  utcoffset(): PyTimedelta | null {
    const offset = this.offsetMinutes();
    return offset === undefined ? null : new PyTimedelta(offset * 60 * MICROS_PER_SECOND);
  }
  override replace(...args: unknown[]): PyDateTime {
    const { keywords } = splitArguments(args);
    return PyDateTime.of(
      Object.assign(
        { year: this.year, month: this.month, day: this.day, hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond, tzinfo: this.tzinfo },
        keywords,
        { __keywords: true },
      ),
    );
  }
  override isoformat(separator: unknown = 'T'): string {
    const fraction = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${super.isoformat()}${String(separator)}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${fraction}${offsetText(this.offsetMinutes(), ':')}`;
  }

  override __add__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDateTime(this.micros + other.totalMicros, this.tzinfo);
    return NotImplemented;
  }
  override __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDateTime(this.micros - other.totalMicros, this.tzinfo);
    if (other instanceof PyDateTime) {
      if ((this.tzinfo === null) !== (other.tzinfo === null)) throw datetimeError("TypeError: can't subtract offset-naive and offset-aware datetimes");
      return new PyTimedelta(this.tzinfo ? this.utcMicros - other.utcMicros : this.micros - other.micros);
    }
    return NotImplemented;
  }
  override __cmp__(other: unknown): number | undefined {
    if (!(other instanceof PyDateTime)) return undefined;
    if ((this.tzinfo === null) !== (other.tzinfo === null)) throw datetimeError("TypeError: can't compare offset-naive and offset-aware datetimes");
    return Math.sign(this.utcMicros - other.utcMicros);
  }
  override toString(): string {
    return this.isoformat(' ');
  }
}

function offsetText(minutes: number | undefined, separator: string): string {
  if (minutes === undefined) return '';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
}

function strftime(format: string, value: PyDate): string {
  const dt = value instanceof PyDateTime ? value : undefined;
  const hour = dt?.hour ?? 0;
  return format.replace(/%([a-zA-Z%])/g, (whole, code: string) => {
    switch (code) {
      case 'Y': return pad(value.year, 4);
      case 'y': return pad(value.year % 100);
      case 'm': return pad(value.month);
      case 'd': return pad(value.day);
      case 'e': return String(value.day).padStart(2, ' ');
      case 'H': return pad(hour);
      case 'I': return pad(((hour + 11) % 12) + 1);
      case 'p': return hour < 12 ? 'AM' : 'PM';
      case 'M': return pad(dt?.minute ?? 0);
      case 'S': return pad(dt?.second ?? 0);
      case 'f': return pad(dt?.microsecond ?? 0, 6);
      case 'j': return pad(value.toordinal() - PyDate.of(value.year, 1, 1).toordinal() + 1, 3);
      case 'A': return DAY_NAMES[value.weekday()];
      case 'a': return DAY_NAMES[value.weekday()].slice(0, 3);
      case 'B': return MONTH_NAMES[value.month - 1];
      case 'b':
      case 'h': return MONTH_NAMES[value.month - 1].slice(0, 3);
      case 'w': return String((value.weekday() + 1) % 7);
      case 'u': return String(value.isoweekday());
      case 'V': return pad(value.isocalendar()[1]);
      case 'G': return pad(value.isocalendar()[0], 4);
      case 'U': {
        const yday = value.toordinal() - PyDate.of(value.year, 1, 1).toordinal();
        return pad(Math.floor((yday + 7 - ((value.weekday() + 1) % 7)) / 7));
      }
      case 'W': {
        const yday = value.toordinal() - PyDate.of(value.year, 1, 1).toordinal();
        return pad(Math.floor((yday + 7 - value.weekday()) / 7));
      }
      case 'z': return offsetText(dt?.offsetMinutes(), '');
      case 'Z': return dt?.tzinfo ? (dt.tzinfo.zone === 'UTC' ? 'UTC' : String(dt.tzinfo)) : '';
      case 'c': return strftime('%a %b %e %H:%M:%S %Y', value);
      case 'x': return strftime('%m/%d/%y', value);
      case 'X': return strftime('%H:%M:%S', value);
      case 'D': return strftime('%m/%d/%y', value);
      case 'F': return strftime('%Y-%m-%d', value);
      case 'T': return strftime('%H:%M:%S', value);
      case '%': return '%';
      default: return whole;
    }
  });
}

const STRPTIME_PARTS: Record<string, string> = {
  Y: '(?<Y>\\d{4})', y: '(?<y>\\d{2})', m: '(?<m>\\d{1,2})', d: '(?<d>\\d{1,2})', H: '(?<H>\\d{1,2})', I: '(?<I>\\d{1,2})',
  M: '(?<M>\\d{1,2})', S: '(?<S>\\d{1,2})', f: '(?<f>\\d{1,6})', p: '(?<p>AM|PM|am|pm)', j: '(?<j>\\d{1,3})',
  b: '(?<b>[A-Za-z]{3})', B: '(?<B>[A-Za-z]+)', a: '(?:[A-Za-z]{3})', A: '(?:[A-Za-z]+)', z: '(?<z>[+-]\\d{2}:?\\d{2}|Z)', Z: '(?:[A-Za-z]+)', '%': '%',
};

/** `datetime.strptime(text, format)`; the whole text must match, as in Python. */
export function strptime(text: unknown, format: unknown): PyDateTime {
  const input = String(text);
  const pattern = String(format).replace(/%([a-zA-Z%])|([.*+?^${}()|[\]\\])/g, (_m, code: string | undefined, special: string | undefined) => {
    if (special) return `\\${special}`;
    const part = STRPTIME_PARTS[code as string];
    if (!part) throw datetimeError(`strptime: '%${code as string}' is not a supported directive`);
    return part;
  });
  const match = new RegExp(`^${pattern}$`).exec(input);
  if (!match) throw datetimeError(`ValueError: time data '${input}' does not match format '${String(format)}'`);
  const g = match.groups ?? {};
  const monthFromName = (name: string | undefined): number | undefined => {
    if (!name) return undefined;
    const index = MONTH_NAMES.findIndex((m) => m.toLowerCase().startsWith(name.toLowerCase().slice(0, 3)));
    return index < 0 ? undefined : index + 1;
  };
  const year = g.Y ? Number(g.Y) : g.y ? 2000 + Number(g.y) - (Number(g.y) >= 69 ? 100 : 0) : 1900;
  let month = g.m ? Number(g.m) : (monthFromName(g.b ?? g.B) ?? 1);
  let day = g.d ? Number(g.d) : 1;
  if (g.j) {
    const date = civilFromDays(daysFromCivil(year, 1, 1) + Number(g.j) - 1);
    month = date.month;
    day = date.day;
  }
  let hour = g.H ? Number(g.H) : g.I ? Number(g.I) % 12 : 0;
  if (g.p && g.p.toUpperCase() === 'PM' && g.I) hour += 12;
  const micro = g.f ? Number(g.f.padEnd(6, '0')) : 0;
  let tz: PyTimezone | null = null;
  if (g.z) {
    const offset = g.z === 'Z' ? 0 : (g.z.startsWith('-') ? -1 : 1) * (Number(g.z.slice(1, 3)) * 60 + Number(g.z.slice(-2)));
    tz = new PyTimezone(offsetText(offset, ':') || 'UTC', offset);
  }
  return PyDateTime.of(year, month, day, hour, g.M ? Number(g.M) : 0, g.S ? Number(g.S) : 0, micro, tz);
}

/** `datetime.fromisoformat('2024-01-02T03:04:05.123+01:00')` (and `date.fromisoformat`). */
export function fromIsoFormat(text: unknown): PyDateTime {
  const input = String(text).trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(input);
  if (!match) throw datetimeError(`ValueError: Invalid isoformat string: '${input}'`);
  const [, y, mo, d, h, mi, s, f, z] = match;
  let tz: PyTimezone | null = null;
  if (z) {
    const offset = z === 'Z' ? 0 : (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(-2)));
    tz = offset === 0 ? UTC : new PyTimezone(offsetText(offset, ':'), offset);
  }
  return PyDateTime.of(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), f ? Number(f.padEnd(6, '0')) : 0, tz);
}

/** `modules.datetime`: the classes as callables with their class methods attached. */
export function datetimeModule(): Record<string, unknown> {
  const datetime = Object.assign((...args: unknown[]) => PyDateTime.of(...args), {
    now: (tz?: unknown) => PyDateTime.now(tz),
    utcnow: () => PyDateTime.now(),
    today: () => PyDateTime.now(),
    strptime,
    fromisoformat: fromIsoFormat,
    fromtimestamp: (seconds: unknown, tz?: unknown) => PyDateTime.fromUtcMicros(Number(seconds) * MICROS_PER_SECOND, tz instanceof PyTimezone ? tz : null),
    utcfromtimestamp: (seconds: unknown) => PyDateTime.fromUtcMicros(Number(seconds) * MICROS_PER_SECOND, null),
    combine: (date: unknown, time: unknown) => {
      const d = date as PyDate;
      const t = (time ?? {}) as { hour?: number; minute?: number; second?: number; microsecond?: number };
      return PyDateTime.of(d.year, d.month, d.day, t.hour ?? 0, t.minute ?? 0, t.second ?? 0, t.microsecond ?? 0);
    },
  });
  const date = Object.assign((year: unknown, month: unknown, day: unknown) => PyDate.of(year, month, day), {
    today: () => PyDateTime.now().date(),
    fromisoformat: (text: unknown) => fromIsoFormat(text).date(),
    fromordinal: (ordinal: unknown) => new PyDate((Number(ordinal) - 1 + daysFromCivil(1, 1, 1)) * MICROS_PER_DAY),
  });
  const timedelta = (...args: unknown[]) => PyTimedelta.fromArguments(args);
  const timezone = Object.assign((offset: unknown) => {
    const minutes = offset instanceof PyTimedelta ? offset.totalMicros / (60 * MICROS_PER_SECOND) : 0;
    return minutes === 0 ? UTC : new PyTimezone(`UTC${offsetText(minutes, ':')}`, minutes);
  }, { utc: UTC });
  return { datetime, date, timedelta, timezone, MINYEAR: 1, MAXYEAR: 9999 };
}

/** `modules.pytz`: `timezone(name)`, `utc`, `UTC`. */
export function pytzModule(): Record<string, unknown> {
  return {
    timezone: (name: unknown) => (String(name).toUpperCase() === 'UTC' ? UTC : new PyTimezone(String(name))),
    utc: UTC,
    UTC,
  };
}
