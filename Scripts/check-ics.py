#!/usr/bin/env python3
"""Checks Kring's .ics calendars with a real iCalendar library (`icalendar`).

Usage: check-ics.py [--expect-events N] FILE.ics [FILE.ics ...]

Every file must parse as one VCALENDAR, and every VEVENT must have a UID, a SEQUENCE and a
DTSTART (and DTEND) that carries a time zone, either by TZID or as UTC. A TZID must be
defined by a VTIMEZONE of the file. With --expect-events, each file must hold exactly N
VEVENTs. Prints one line per event and a summary per file; exits 1 on any failure, 2 when
the library is missing or the arguments are wrong.
"""

import argparse
import sys

try:
    import icalendar
except ImportError:
    print("check-ics: the python package 'icalendar' is missing; run Scripts/ensure-test-tools.sh",
          file=sys.stderr)
    sys.exit(2)


def check_file(path, expect_events):
    """Returns the list of problems found in the calendar at `path`."""
    problems = []
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return [f"cannot read: {error}"]
    # Lines must end in CRLF (RFC 5545 3.1); the library is lenient about that.
    stripped = data.replace(b"\r\n", b"")
    if b"\n" in stripped or b"\r" in stripped:
        problems.append("a line does not end in CRLF")
    for number, line in enumerate(data.split(b"\r\n"), start=1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets long; at most 75 are allowed")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # the library raises several types for bad input
        return problems + [f"does not parse: {error}"]

    zones = {str(zone.get("TZID")) for zone in calendar.walk("VTIMEZONE")}
    events = calendar.walk("VEVENT")
    for event in events:
        uid = event.get("UID")
        label = f"event {uid}" if uid else "an event"
        if not uid:
            problems.append("an event has no UID")
        if event.get("SEQUENCE") is None:
            problems.append(f"{label} has no SEQUENCE")
        for name in ("DTSTART", "DTEND"):
            prop = event.get(name)
            if prop is None:
                problems.append(f"{label} has no {name}")
                continue
            value = prop.dt
            if getattr(value, "tzinfo", None) is None:
                problems.append(f"{label}: {name} has no time zone")
            tzid = prop.params.get("TZID")
            if tzid is not None and str(tzid) not in zones:
                problems.append(f"{label}: {name} names TZID {tzid} but no VTIMEZONE defines it")
        start = event.get("DTSTART")
        end = event.get("DTEND")
        if start is not None and end is not None:
            try:
                if end.dt < start.dt:
                    problems.append(f"{label} ends before it starts")
            except TypeError:
                problems.append(f"{label}: DTSTART and DTEND cannot be compared")
        if start is not None:
            print(f"{path}: {uid} {start.dt.isoformat()} seq={event.get('SEQUENCE')} "
                  f"status={event.get('STATUS')}")
    if expect_events is not None and len(events) != expect_events:
        problems.append(f"has {len(events)} events; expected {expect_events}")
    return problems


def main():
    parser = argparse.ArgumentParser(description="Check .ics files with the icalendar library.")
    parser.add_argument("--expect-events", type=int, default=None,
                        help="the number of VEVENTs each file must hold")
    parser.add_argument("files", nargs="+", help=".ics files to check")
    arguments = parser.parse_args()
    failed = False
    for path in arguments.files:
        problems = check_file(path, arguments.expect_events)
        if problems:
            failed = True
            for problem in problems:
                print(f"{path}: {problem}", file=sys.stderr)
        else:
            print(f"{path}: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
