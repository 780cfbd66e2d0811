/**
 * dbt's `modules` global, minimal: `modules.datetime` (datetime.now/utcnow,
 * date.today, strftime, isoformat) and `modules.re` (search, match, sub,
 * findall, split, escape) — what common macros reach for.
 */
import { FloeError } from '../../errors/index.js';
import { splitArguments } from './python-values.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A naive datetime in UTC, printed as Python prints one (`2024-01-02 03:04:05.123000`). */
export class PyDateTime {
  constructor(private readonly date: Date, private readonly dateOnly = false) {}
  get year(): number {
    return this.date.getUTCFullYear();
  }
  get month(): number {
    return this.date.getUTCMonth() + 1;
  }
  get day(): number {
    return this.date.getUTCDate();
  }
  get hour(): number {
    return this.date.getUTCHours();
  }
  get minute(): number {
    return this.date.getUTCMinutes();
  }
  get second(): number {
    return this.date.getUTCSeconds();
  }
  get microsecond(): number {
    return this.date.getUTCMilliseconds() * 1000;
  }
  strftime(format: string): string {
    const d = this.date;
    return format.replace(/%([YmdHMSfjyABabpIZz%])/g, (_m, code: string) => {
      switch (code) {
        case 'Y': return String(d.getUTCFullYear());
        case 'y': return pad(d.getUTCFullYear() % 100);
        case 'm': return pad(d.getUTCMonth() + 1);
        case 'd': return pad(d.getUTCDate());
        case 'H': return pad(d.getUTCHours());
        case 'I': return pad(((d.getUTCHours() + 11) % 12) + 1);
        case 'p': return d.getUTCHours() < 12 ? 'AM' : 'PM';
        case 'M': return pad(d.getUTCMinutes());
        case 'S': return pad(d.getUTCSeconds());
        case 'f': return pad(d.getUTCMilliseconds() * 1000, 6);
        case 'j': return pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3);
        case 'A': return DAY_NAMES[d.getUTCDay()];
        case 'a': return DAY_NAMES[d.getUTCDay()].slice(0, 3);
        case 'B': return MONTH_NAMES[d.getUTCMonth()];
        case 'b': return MONTH_NAMES[d.getUTCMonth()].slice(0, 3);
        case 'Z': return 'UTC';
        case 'z': return '+0000';
        default: return '%';
      }
    });
  }
  isoformat(): string {
    return this.dateOnly ? this.strftime('%Y-%m-%d') : this.strftime('%Y-%m-%dT%H:%M:%S.%f');
  }
  date_(): PyDateTime {
    return new PyDateTime(new Date(Date.UTC(this.year, this.month - 1, this.day)), true);
  }
  timestamp(): number {
    return this.date.getTime() / 1000;
  }
  toString(): string {
    return this.dateOnly ? this.strftime('%Y-%m-%d') : this.strftime('%Y-%m-%d %H:%M:%S.%f');
  }
}

function toRegExp(pattern: unknown, flags = ''): RegExp {
  // Python's inline (?i) flag is the common one; JavaScript wants it as a flag.
  let source = String(pattern);
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags += 'i';
  }
  return new RegExp(source, flags);
}

function matchObject(match: RegExpExecArray | null): unknown {
  if (!match) return null;
  return {
    group: (index: unknown = 0) => match[Number(index)] ?? (typeof index === 'string' ? match.groups?.[index] : undefined) ?? null,
    groups: () => match.slice(1).map((g) => g ?? null),
    start: () => match.index,
    end: () => match.index + match[0].length,
  };
}

export function createModules(): Record<string, unknown> {
  const datetimeClass = {
    now: () => new PyDateTime(new Date()),
    utcnow: () => new PyDateTime(new Date()),
    strptime: (text: unknown) => {
      const parsed = new Date(String(text));
      if (Number.isNaN(parsed.getTime())) throw new FloeError('FLOE_JINJA', `cannot parse '${String(text)}' as a datetime`);
      return new PyDateTime(parsed);
    },
  };
  const dateClass = { today: () => new PyDateTime(new Date(), true).date_() };
  return {
    datetime: { datetime: datetimeClass, date: dateClass },
    re: {
      search: (pattern: unknown, text: unknown) => matchObject(toRegExp(pattern).exec(String(text))),
      match: (pattern: unknown, text: unknown) => {
        const match = toRegExp(pattern).exec(String(text));
        return matchObject(match && match.index === 0 ? match : null);
      },
      fullmatch: (pattern: unknown, text: unknown) => {
        const match = toRegExp(`^(?:${String(pattern)})$`).exec(String(text));
        return matchObject(match);
      },
      sub: (pattern: unknown, replacement: unknown, text: unknown, ...rest: unknown[]) => {
        const { positional } = splitArguments(rest);
        const count = Number(positional[0] ?? 0);
        const js = String(replacement).replace(/\\(\d)/g, '$$$1');
        if (count > 0) {
          let done = 0;
          return String(text).replace(toRegExp(pattern, 'g'), (...m: unknown[]) => (done++ < count ? String(m[0]).replace(toRegExp(pattern), js) : String(m[0])));
        }
        return String(text).replace(toRegExp(pattern, 'g'), js);
      },
      findall: (pattern: unknown, text: unknown) =>
        [...String(text).matchAll(toRegExp(pattern, 'g'))].map((m) => (m.length > 2 ? m.slice(1) : (m[1] ?? m[0]))),
      split: (pattern: unknown, text: unknown) => String(text).split(toRegExp(pattern)),
      escape: (text: unknown) => String(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      IGNORECASE: 2,
      I: 2,
    },
  };
}
