"""One till in its own process for the multi-node test: sync running on its thread while the
till rings up sales, then drain. `python -m tests.sync.node_process DATA_DIR SALES SEED`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from posapp.bootstrap.demo import simulator
from posapp.bootstrap.node import open_node
from sync.client.engine import SyncEngine, SyncWorker
from sync.client.http import SyncFailure


def main(data_dir: Path, sales: int, seed: int) -> int:
    node = open_node(data_dir, create=False)
    worker = SyncWorker(SyncEngine(node.store.engine), interval=5, watch_seconds=0.2)
    worker.start()
    try:
        simulator(node, seed=seed).run(sales)
    finally:
        worker.stop()
    sync = SyncEngine(node.store.engine)
    for _ in range(20):
        try:
            if sync.run_once().drained:
                break
        except SyncFailure as failure:
            print(f"retrying: {failure}", file=sys.stderr)
            time.sleep(0.5)
    pending = sync.status().pending
    sync.close()
    node.close()
    print(f"{data_dir.name}: {sales} sales, {pending} left to send")
    return 0 if pending == 0 else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
