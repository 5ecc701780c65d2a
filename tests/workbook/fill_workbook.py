#!/usr/bin/python3
"""Fills in the sample workbook as a person would, with openpyxl: python3 fill_workbook.py IN OUT.

What it types is what tests/workbook/sample_workbook.cpp expects to read back (filled_cells)."""
import datetime
import sys

import openpyxl


def main(source, target):
    book = openpyxl.load_workbook(source)
    returns = book["Returns"]
    returns["C3"] = "Partially met"
    returns["H3"] = "No"
    returns["C4"] = "Not met"
    returns["F4"] = True
    returns["G4"] = 42
    returns["D10"] = datetime.date(2009, 4, 1)
    returns["D11"] = datetime.datetime(2009, 5, 6, 14, 30)
    returns["E10"] = 7.5
    returns["A12"] = "Filled in"
    marker = book.create_sheet("Marker")
    marker["A1"] = "sgaudit section11 form 1"
    marker.sheet_state = "veryHidden"
    book.save(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
