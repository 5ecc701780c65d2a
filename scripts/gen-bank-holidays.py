#!/usr/bin/env python3
"""Generate rules/calendars/england-and-wales.toml: every England & Wales bank holiday 1995-2035.

Standard library only. Usage:

    scripts/gen-bank-holidays.py            # (re)write rules/calendars/england-and-wales.toml
    scripts/gen-bank-holidays.py --check    # exit 1 if the committed file differs from the output
    scripts/gen-bank-holidays.py -o FILE    # write somewhere else ("-" for stdout)

Rules (Banking and Financial Dealings Act 1971 and royal proclamations; cross-checked against
https://www.gov.uk/bank-holidays):

* New Year's Day, 1 January; on a Saturday or Sunday, the following Monday instead.
* Good Friday and Easter Monday (Gregorian Easter).
* Early May bank holiday: first Monday in May. Moved: 1995 -> Mon 8 May (50th anniversary of
  VE day); 2020 -> Fri 8 May (75th anniversary of VE day).
* Spring bank holiday: last Monday in May. Moved: 2002 -> Tue 4 June (with the one-off Golden
  Jubilee holiday Mon 3 June); 2012 -> Mon 4 June (with the one-off Diamond Jubilee holiday
  Tue 5 June); 2022 -> Thu 2 June (with the one-off Platinum Jubilee holiday Fri 3 June).
* Summer bank holiday: last Monday in August.
* Christmas Day and Boxing Day, with substitutes: Christmas on a Saturday -> Mon 27 (Christmas
  substitute) and Tue 28 (Boxing substitute); Christmas on a Sunday -> Mon 26 is Boxing Day and
  Tue 27 the Christmas substitute; Christmas on a Friday (Boxing Day Saturday) -> Mon 28.
* One-off days: 1999-12-31 (Millennium), 2011-04-29 (Royal Wedding), 2022-09-19 (State
  Funeral of Queen Elizabeth II), 2023-05-08 (Coronation of King Charles III).

Weekend dates (1 January, 25/26 December) are not listed; only the days on which the bank
holiday is actually taken.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

FIRST_YEAR = 1995
LAST_YEAR = 2035
CALENDAR_ID = "england-and-wales"
SOURCE = "https://www.gov.uk/bank-holidays (and proclamations for moved and one-off days)"
DESCRIPTION = "Bank holidays in England and Wales (days on which the holiday is taken, including weekend substitutes)"

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)  # datetime.date.weekday()

# Moved regular holidays: year -> date the holiday is taken (replacing the rule's date).
EARLY_MAY_MOVED = {
    1995: (dt.date(1995, 5, 8), "Early May bank holiday (VE day)"),
    2020: (dt.date(2020, 5, 8), "Early May bank holiday (VE day)"),
}
SPRING_MOVED = {
    2002: dt.date(2002, 6, 4),
    2012: dt.date(2012, 6, 4),
    2022: dt.date(2022, 6, 2),
}
ONE_OFFS = [
    (dt.date(1999, 12, 31), "Millennium Celebrations"),
    (dt.date(2002, 6, 3), "Golden Jubilee bank holiday"),
    (dt.date(2011, 4, 29), "Royal Wedding"),
    (dt.date(2012, 6, 5), "Queen's Diamond Jubilee"),
    (dt.date(2022, 6, 3), "Platinum Jubilee bank holiday"),
    (dt.date(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"),
    (dt.date(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),
]


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian / Meeus-Jones-Butcher algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def first_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(MON - d.weekday()) % 7)


def last_monday(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - MON) % 7)


def holidays_for_year(year: int) -> list[tuple[dt.date, str]]:
    out: list[tuple[dt.date, str]] = []

    # New Year's Day.
    ny = dt.date(year, 1, 1)
    if ny.weekday() == SAT:
        out.append((dt.date(year, 1, 3), "New Year's Day (substitute day)"))
    elif ny.weekday() == SUN:
        out.append((dt.date(year, 1, 2), "New Year's Day (substitute day)"))
    else:
        out.append((ny, "New Year's Day"))

    # Easter.
    easter = easter_sunday(year)
    out.append((easter - dt.timedelta(days=2), "Good Friday"))
    out.append((easter + dt.timedelta(days=1), "Easter Monday"))

    # Early May.
    if year in EARLY_MAY_MOVED:
        out.append(EARLY_MAY_MOVED[year])
    else:
        out.append((first_monday(year, 5), "Early May bank holiday"))

    # Spring.
    out.append((SPRING_MOVED.get(year, last_monday(year, 5)), "Spring bank holiday"))

    # Summer.
    out.append((last_monday(year, 8), "Summer bank holiday"))

    # Christmas and Boxing Day.
    xmas = dt.date(year, 12, 25)
    if xmas.weekday() == SAT:
        out.append((dt.date(year, 12, 27), "Christmas Day (substitute day)"))
        out.append((dt.date(year, 12, 28), "Boxing Day (substitute day)"))
    elif xmas.weekday() == SUN:
        out.append((dt.date(year, 12, 26), "Boxing Day"))
        out.append((dt.date(year, 12, 27), "Christmas Day (substitute day)"))
    elif xmas.weekday() == FRI:
        out.append((xmas, "Christmas Day"))
        out.append((dt.date(year, 12, 28), "Boxing Day (substitute day)"))
    else:
        out.append((xmas, "Christmas Day"))
        out.append((dt.date(year, 12, 26), "Boxing Day"))

    out.extend(h for h in ONE_OFFS if h[0].year == year)
    return out


def all_holidays() -> list[tuple[dt.date, str]]:
    hols = [h for y in range(FIRST_YEAR, LAST_YEAR + 1) for h in holidays_for_year(y)]
    hols.sort()
    dates = [d for d, _ in hols]
    if len(set(dates)) != len(dates):
        raise AssertionError("duplicate holiday date")
    for d, name in hols:
        if d.weekday() >= SAT:
            raise AssertionError(f"holiday on a weekend: {d} {name}")
    return hols


def verify(hols: list[tuple[dt.date, str]]) -> None:
    """Known facts (gov.uk and the proclamations); raises AssertionError on any mismatch."""
    by_year: dict[int, list[dt.date]] = {}
    for d, _ in hols:
        by_year.setdefault(d.year, []).append(d)
    names = dict(hols)

    def days(y: int, *md: tuple[int, int]) -> list[dt.date]:
        return [dt.date(y, m, d) for m, d in md]

    expected_years = {
        2008: days(2008, (1, 1), (3, 21), (3, 24), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)),
        2009: days(2009, (1, 1), (4, 10), (4, 13), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)),
        2010: days(2010, (1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
        2011: days(2011, (1, 3), (4, 22), (4, 25), (4, 29), (5, 2), (5, 30), (8, 29), (12, 26), (12, 27)),
        2012: days(2012, (1, 2), (4, 6), (4, 9), (5, 7), (6, 4), (6, 5), (8, 27), (12, 25), (12, 26)),
        2016: days(2016, (1, 1), (3, 25), (3, 28), (5, 2), (5, 30), (8, 29), (12, 26), (12, 27)),
        2020: days(2020, (1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)),
        2021: days(2021, (1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
        2022: days(2022, (1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27)),
        2023: days(2023, (1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)),
        1995: days(1995, (1, 2), (4, 14), (4, 17), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)),
        1999: days(1999, (1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28), (12, 31)),
        2002: days(2002, (1, 1), (3, 29), (4, 1), (5, 6), (6, 3), (6, 4), (8, 26), (12, 25), (12, 26)),
    }
    for y, want in expected_years.items():
        if by_year.get(y) != want:
            raise AssertionError(f"{y}: got {by_year.get(y)}, expected {want}")
    assert names[dt.date(2016, 12, 27)] == "Christmas Day (substitute day)"
    assert names[dt.date(2016, 12, 26)] == "Boxing Day"
    assert names[dt.date(2021, 12, 27)] == "Christmas Day (substitute day)"
    assert names[dt.date(2021, 12, 28)] == "Boxing Day (substitute day)"
    assert dt.date(2020, 5, 4) not in names
    for y in range(FIRST_YEAR, LAST_YEAR + 1):
        n = len(by_year[y])
        extra = sum(1 for d, _ in ONE_OFFS if d.year == y)
        assert n == 8 + extra, (y, n)
    # Easter dates spot checks.
    assert easter_sunday(2000) == dt.date(2000, 4, 23)
    assert easter_sunday(2019) == dt.date(2019, 4, 21)
    assert easter_sunday(2024) == dt.date(2024, 3, 31)
    assert easter_sunday(2035) == dt.date(2035, 3, 25)


def toml_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(hols: list[tuple[dt.date, str]]) -> str:
    lines = [
        f"# England and Wales bank holidays, {FIRST_YEAR}-{LAST_YEAR}. Generated by "
        "scripts/gen-bank-holidays.py; do not edit by hand, change the script and re-run it.",
        "# Every date on which a bank holiday is taken is listed explicitly, including weekend",
        "# substitutes (New Year, Christmas, Boxing Day), moved days and one-off days.",
        "[calendar]",
        f"id = {toml_string(CALENDAR_ID)}",
        f"description = {toml_string(DESCRIPTION)}",
        f"first_year = {FIRST_YEAR}",
        f"last_year = {LAST_YEAR}",
        f"source = {toml_string(SOURCE)}",
    ]
    for d, name in hols:
        lines += ["", "[[holiday]]", f"date = {d.isoformat()}", f"name = {toml_string(name)}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    default_out = os.path.join(repo, "rules", "calendars", "england-and-wales.toml")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", default=default_out, help="output file, '-' for stdout")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file is not up to date")
    args = ap.parse_args(argv)

    hols = all_holidays()
    verify(hols)
    text = render(hols)

    if args.check:
        try:
            with open(args.output, encoding="utf-8", newline="") as f:
                current = f.read()
        except OSError as e:
            print(f"{args.output}: {e}", file=sys.stderr)
            return 1
        if current != text:
            print(f"{args.output} is out of date; run scripts/gen-bank-holidays.py", file=sys.stderr)
            return 1
        return 0
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
