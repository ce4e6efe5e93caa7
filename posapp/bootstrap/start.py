"""Starting the desktop application: the first-run setup, the till window and the back office."""

from __future__ import annotations

from pathlib import Path

from posapp.bootstrap.costing import keep_costing
from posapp.bootstrap.demo import load_demo_catalogue, load_demo_records
from posapp.bootstrap.devices import device_setup
from posapp.bootstrap.head_office_reports import head_office_place
from posapp.bootstrap.node import (
    Node,
    device,
    is_first_start,
    open_node,
    set_up_shop,
    sync_worker,
    till_actions,
)
from posapp.bootstrap.people import (
    administrators_without_credentials,
    back_office_sign_in,
    give_credentials,
)
from posapp.bootstrap.shop import back_office, back_office_as
from posapp.domain.shop_setup import Administrator, ShopAnswers
from sync.client import local_store


def open_for_people(data_dir: Path, *, demo_products: int, training: bool) -> Node | None:
    """The node a person works on. The very first start sets the shop up in the setup window; an
    administrator without password or PIN (installs made before setup existed) is given both
    before anything else opens. None when the person quits: then nothing was written."""
    from posapp.ui.app import ask_for_setup  # Qt loads only when a window opens

    demo_wanted = False
    node: Node | None = None
    if is_first_start(data_dir):

        def create(
            shop: ShopAnswers | None, admin: Administrator, pin: str, password: str, demo: bool
        ) -> None:
            nonlocal node, demo_wanted
            assert shop is not None
            node = set_up_shop(data_dir, shop, admin, pin_repeated=pin, password_repeated=password)
            demo_wanted = demo

        if not ask_for_setup(create, demo_products=demo_products) or node is None:
            return None
        node.training = training
    else:
        node = open_node(data_dir, create=False, training=training)
    opened = node

    def secure(
        _shop: ShopAnswers | None, admin: Administrator, pin: str, password: str, _demo: bool
    ) -> None:
        give_credentials(opened, admin, pin_repeated=pin, password_repeated=password)

    for user in administrators_without_credentials(node):
        if not ask_for_setup(secure, administrator=user.username):
            node.close()
            return None
    if demo_wanted:
        load_demo_catalogue(node, products=max(demo_products, 500), seed=1, progress=_no_progress)
        load_demo_records(node)
    return node


def _no_progress(done: int, total: int) -> None:
    pass


def run_back_office(node: Node) -> int:
    from posapp.ui.app import run_back_office as run  # Qt loads only when a window opens

    costing = None if node.training else keep_costing(node)
    enrolled = local_store.identity(node.store.engine)
    # An enrolled node's back office can open head office's data too (its own password there).
    elsewhere = None if enrolled is None else head_office_place(node, enrolled.server_url)
    try:
        return run(
            back_office_sign_in(node),
            lambda user: back_office(node, signed_in_as=user.display_name),
            elsewhere,
        )
    finally:
        if costing is not None:
            costing.set()


def run_gui(node: Node) -> int:
    """Start the desktop application on `node`; returns the process exit code."""
    from posapp.ui.app import TillOptions, run_application  # Qt loads only with a window

    actions = till_actions(node)
    worker = None if node.training else sync_worker(node)
    costing = None if node.training or worker is not None else keep_costing(node)
    options = TillOptions(
        back_office=lambda person: back_office_as(node, person, sync=worker),
        scanner=device(node, "scanner"),
        setup=device_setup(node),
        problems=tuple(node.device_problems),
        training=node.training,
        wedge=node.settings.wedge,
        sync_status=None if worker is None else worker.summary,
    )
    try:
        return run_application(actions, options)
    finally:
        if costing is not None:
            costing.set()
        if worker is not None:
            worker.stop()
            worker.sync.close()
