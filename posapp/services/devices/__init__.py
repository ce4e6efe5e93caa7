"""Devices besides the receipt printer: scales, customer displays and scanners, as ports, and the
device settings a person with `device_settings` (or an approval) may change."""

from posapp.services.devices.devices import (
    CodeSource,
    CustomerDisplay,
    DeviceError,
    DeviceSetup,
    Scale,
    ScaleError,
)

__all__ = ["CodeSource", "CustomerDisplay", "DeviceError", "DeviceSetup", "Scale", "ScaleError"]
