"""`posapp` command line: `entry` runs a command and turns every failure a person can cause into
one clear line; `parser` holds the words; the commands are grouped by what they look after
(the shop, people and settings, the catalogue and records, the store file)."""

from posapp.cli.entry import main

__all__ = ["main"]
