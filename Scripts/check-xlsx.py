#!/usr/bin/env python3
"""Reads an .xlsx workbook with a real spreadsheet library (`openpyxl`) and prints it as JSON.

Usage: check-xlsx.py FILE.xlsx

Prints {"sheets": [{"name": ..., "rows": [[cell, ...], ...], "formulas": N}, ...]}: every
cell's value as text ("" for an empty cell; numbers as Python writes them, whole numbers
without ".0"; dates as ISO text), and per sheet how many cells hold a formula. Exits 1 when
the file does not open, 2 when the library is missing.
"""

import datetime
import json
import sys

try:
    import openpyxl
except ImportError:
    print("check-xlsx: the python package 'openpyxl' is missing; run Scripts/ensure-test-tools.sh",
          file=sys.stderr)
    sys.exit(2)


def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        workbook = openpyxl.load_workbook(sys.argv[1])
    except Exception as error:  # any failure to open is the finding
        print(f"check-xlsx: {sys.argv[1]}: {error}", file=sys.stderr)
        sys.exit(1)
    sheets = []
    for sheet in workbook.worksheets:
        rows = [[text(cell.value) for cell in row] for row in sheet.iter_rows()]
        formulas = sum(1 for row in sheet.iter_rows() for cell in row if cell.data_type == "f")
        sheets.append({"name": sheet.title, "rows": rows, "formulas": formulas})
    print(json.dumps({"sheets": sheets}, ensure_ascii=False))


main()
