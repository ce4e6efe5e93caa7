"""A node's devices: saving a device's address after checking it, and testing it the way the till
will use it."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import cast

from posapp.bootstrap.node import Node, till_actions
from posapp.db.node_setup import (
    save_setting,
)
from posapp.devices.registry import open_device
from posapp.services.devices import CodeSource, CustomerDisplay, DeviceError, DeviceSetup, Scale
from posapp.services.selling import ReceiptPrinter


def set_device(node: Node, kind: str, url: str | None) -> None:
    """Configure a device (checked before it is saved); None removes it."""
    if url is not None:
        open_device(kind, url)  # raises UnsupportedDeviceUrl naming what is wrong
    save_setting(node.store.engine, f"devices.{kind}", url, now=node.clock.now())
    devices = dict(node.settings.devices)
    if url is None:
        devices.pop(kind, None)
    else:
        devices[kind] = url
    node.settings = replace(node.settings, devices=devices)


def test_device(node: Node, kind: str, url: str, *, wait_seconds: float = 10.0) -> str:
    """Talk to the device at `url` the way the till will, and say what happened. Raises
    DeviceError (the device did not do it) or UnsupportedDeviceUrl (the URL is wrong)."""
    # The registry opens the adapter of each kind's port (casts: it is keyed by the kind's name).
    found = open_device(kind, url)
    actions = replace(till_actions(node), printer=None, scale=None, display=None)
    if kind == "printer":
        replace(actions, printer=cast(ReceiptPrinter, found)).print_test_page()
        return f"printed a test page on {url}"
    if kind == "scale":
        return f"the scale reads {replace(actions, scale=cast(Scale, found)).weigh().value} kg"
    if kind == "display":
        with_display = replace(actions, display=cast(CustomerDisplay, found))
        with_display.show_customer("posapp display test", f"{node.settings.store_name}")
        return "the customer display shows 'posapp display test'"
    return _wait_for_a_scan(cast(CodeSource, found), wait_seconds)


def _wait_for_a_scan(scanner: CodeSource, wait_seconds: float) -> str:
    codes: list[str] = []
    errors: list[str] = []
    arrived = threading.Event()

    def scanned(code: str) -> None:
        codes.append(code)
        arrived.set()

    scanner.start(scanned, errors.append)
    try:
        arrived.wait(wait_seconds)
    finally:
        scanner.stop()
    if codes:
        return f"the scanner read {codes[0]}"
    raise DeviceError(errors[0] if errors else f"no scan arrived in {wait_seconds:g} s")


def device_setup(node: Node) -> DeviceSetup:
    return DeviceSetup(
        configured=lambda: dict(node.settings.devices),
        test=lambda kind, url: test_device(node, kind, url),
        save=lambda kind, url: set_device(node, kind, url),
    )
