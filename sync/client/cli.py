"""`posapp sync …`: enrol this node, run sync, see and act on the outbox.

posapp sync enroll https://ho.example:8710 ABCD-EFGH-JKLM
posapp sync run [--once]          # push and pull now (once), or keep at it until Ctrl+C
posapp sync status
posapp sync outbox [--retry] [--export FILE]
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from posapp.db.store import open_store
from sync.client import local_store
from sync.client.engine import SyncEngine, SyncWorker
from sync.client.enrolment import EnrolmentFailed, enrol
from sync.client.http import SyncFailure


def add_sync_commands(commands: Any, actions: Any) -> None:
    """Register under `posapp`; `actions(commands, name, help, dest)` makes the ACTION level."""
    sync = actions(commands, "sync", "send sales to head office, fetch prices", "sync_command")
    enroll = sync.add_parser("enroll", help="join head office with a one-time code")
    enroll.add_argument("url", help="head office, e.g. http://ho.example:8710")
    enroll.add_argument("code", help="the code `posapp-server enroll-code` printed")
    run = sync.add_parser("run", help="sync now and keep syncing (Ctrl+C stops)")
    run.add_argument("--once", action="store_true", help="one pass, then exit")
    sync.add_parser("status", help="online, what is waiting, the last error")
    outbox = sync.add_parser("outbox", help="the batches waiting or quarantined")
    outbox.add_argument("--retry", action="store_true", help="send quarantined batches again")
    outbox.add_argument("--export", type=Path, help="write unsent events to FILE (JSON lines)")


def run_sync_command(data_dir: Path, args: argparse.Namespace) -> int:
    store = open_store(data_dir, create=False, now=datetime.now(UTC))
    try:
        action = args.sync_command
        if action == "enroll":
            return _enroll(store.engine, args.url, args.code)
        if action == "run":
            return _run(store.engine, once=args.once)
        if action == "status":
            return _status(store.engine)
        return _outbox(store.engine, retry=args.retry, export=args.export)
    finally:
        store.engine.dispose()


def _enroll(engine: Engine, url: str, code: str) -> int:
    try:
        answer = enrol(engine, url=url, code=code)
    except (SyncFailure, EnrolmentFailed) as error:
        print(f"posapp: enrolment failed: {error}", file=sys.stderr)
        return 1
    print(
        f"enrolled as till {answer.terminal_code} of store {answer.store_code} "
        f"(device {answer.device_id}, incarnation {answer.incarnation})"
    )
    return 0


def _run(engine: Engine, *, once: bool) -> int:
    sync = SyncEngine(engine)
    try:
        if once:
            try:
                result = sync.run_once()
            except SyncFailure as failure:
                print(f"posapp: sync failed: {failure}", file=sys.stderr)
                print(sync.status().summary(datetime.now(UTC)), file=sys.stderr)
                return 1
            print(f"sent {result.sent_events:,} events, applied {result.applied_changes:,} changes")
            print(sync.status().summary(datetime.now(UTC)))
            return 0
        worker = SyncWorker(sync)
        asked = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: asked.set())
        worker.start()
        try:
            # The status every 30 s; a stop is noticed within a second, and the worker gets
            # STOP_SECONDS to finish, whatever the network is doing.
            while worker.is_alive() and not any(asked.wait(1) for _ in range(30)):
                print(sync.status().summary(datetime.now(UTC)), flush=True)
        except KeyboardInterrupt:
            pass
        worker.stop()
        return 0
    finally:
        sync.close()


def _status(engine: Engine) -> int:
    identity = local_store.identity(engine)
    if identity is None:
        print("not enrolled: posapp sync enroll URL CODE")
    else:
        print(f"head office: {identity.server_url}")
        print(f"device: {identity.device_id} (incarnation {identity.incarnation})")
        print(f"master data cursor: {identity.cursor or 'none yet'}")
    backlog = local_store.backlog(engine)
    oldest = f", oldest from {backlog.oldest_at:%Y-%m-%d %H:%M}" if backlog.oldest_at else ""
    print(f"to send: {backlog.pending:,} events{oldest}")
    if backlog.set_aside:
        print(
            f"set aside: {backlog.set_aside:,} master record(s) this till could not take; "
            f"newest: {backlog.last_set_aside}"
        )
    for batch in local_store.batches(engine):
        print(
            f"batch {batch.first_seq}–{batch.last_seq}: {batch.state}, {batch.attempts} "
            f"attempt(s){': ' + batch.last_error if batch.last_error else ''}"
        )
    return 0


def _outbox(engine: Engine, *, retry: bool, export: Path | None) -> int:
    if retry:
        released = local_store.release_quarantine(engine)
        print(f"{released} quarantined batch(es) will be sent again on the next pass")
    if export is not None:
        count = local_store.export_unsent(engine, export)
        print(f"wrote {count:,} unsent events to {export}")
    if not retry and export is None:
        return _status(engine)
    return 0
