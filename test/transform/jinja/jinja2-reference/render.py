"""Renders each case with Python's Jinja2 — the reference floe's renderer is
compared against (test/transform/jinja/jinja2-differential.test.ts).

Reads a JSON list of {"template": ..., "context": {...}} on stdin and writes
a JSON list of {"output": ...} or {"error": ...} to stdout. The environment
is dbt's: the `do` extension, keep_trailing_newline=False, and the few
globals dbt adds that the cases use (set, zip, list, modules).
"""
import datetime
import itertools
import json
import re
import sys

import jinja2


def modules():
    class Pytz:
        utc = datetime.timezone.utc

        @staticmethod
        def timezone(name):
            import zoneinfo
            return datetime.timezone.utc if name.upper() == 'UTC' else zoneinfo.ZoneInfo(name)

    return {'datetime': datetime, 're': re, 'itertools': itertools, 'pytz': Pytz}


def main():
    cases = json.load(sys.stdin)
    env = jinja2.Environment(extensions=['jinja2.ext.do'], keep_trailing_newline=False)
    env.globals.update({'set': set, 'zip': zip, 'list': list, 'modules': modules()})
    results = []
    for case in cases:
        try:
            results.append({'output': env.from_string(case['template']).render(**case.get('context', {}))})
        except Exception as error:  # noqa: BLE001 — the error text is the result
            results.append({'error': f'{type(error).__name__}: {error}'})
    json.dump(results, sys.stdout)


main()
