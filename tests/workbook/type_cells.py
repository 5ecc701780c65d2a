#!/usr/bin/python3
"""Types values into cells of a workbook as a person would, with openpyxl:

    python3 type_cells.py IN OUT 'Sheet!C5=text:Fully met' 'Return!B6=date:2009-11-30' ...

Each edit is SHEET!CELL=KIND:VALUE, KIND one of text, number, date, bool (true/false) or blank
(no value). The sheet protection sgaudit sets is a guard for people in a spreadsheet program;
openpyxl writes any cell, which is how the tests make the slips a person could make after
unprotecting a sheet."""
import datetime
import sys

import openpyxl


def typed(kind, value):
    if kind == "text":
        return value
    if kind == "number":
        return float(value) if "." in value else int(value)
    if kind == "date":
        return datetime.date.fromisoformat(value)
    if kind == "bool":
        return value == "true"
    if kind == "blank":
        return None
    raise SystemExit("unknown kind " + kind)


def main(source, target, edits):
    book = openpyxl.load_workbook(source)
    for edit in edits:
        place, what = edit.split("=", 1)
        sheet, cell = place.rsplit("!", 1)
        kind, _, value = what.partition(":")
        book[sheet][cell] = typed(kind, value)
        if kind == "date":
            book[sheet][cell].number_format = "d mmm yyyy"
    book.save(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
