"""Training mode: practice on a copy of the store with fake devices; the real books never see it."""

from pathlib import Path

from posapp.bootstrap.demo import load_demo_catalogue, simulator
from posapp.bootstrap.node import open_node, till_actions, training_copy
from posapp.devices.receipt_printer import FakeReceiptPrinter
from posapp.devices.scale import FakeScale
from tests.gui.conftest import count_rows


def test_training_sells_on_a_copy_with_fake_devices(tmp_path: Path) -> None:
    live = open_node(tmp_path, create=True)
    try:
        load_demo_catalogue(live, products=30, seed=1, progress=lambda done, total: None)
    finally:
        live.close()
    training_dir = training_copy(tmp_path)
    assert training_dir == tmp_path / "training"
    node = open_node(training_dir, create=False, training=True)
    try:
        actions = till_actions(node)
        assert isinstance(actions.printer, FakeReceiptPrinter)
        assert isinstance(actions.scale, FakeScale)
        simulator(node, seed=2).run(5)
        assert count_rows(node, "sales") >= 5
    finally:
        node.close()
    live = open_node(tmp_path, create=False)
    try:
        assert count_rows(live, "sales") == 0  # nothing practised reached the real store
        assert count_rows(live, "products") == 30
    finally:
        live.close()
