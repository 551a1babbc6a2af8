"""``python -m sitegen`` and the ``sitegen`` command (``run``). A Ctrl+C at any moment, the imports of the first
few tenths of a second included, ends with one line and exit 130, never a traceback: the commands say what a
Ctrl+C left (``cli.build``); before they run, nothing was done."""

from __future__ import annotations

import sys


def run() -> int:
    try:
        from sitegen.cli import main

        return main()
    except KeyboardInterrupt:
        print("sitegen: หยุดแล้ว | interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(run())
