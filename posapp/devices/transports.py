"""Byte transports to receipt printers. A send either delivers everything or raises
PrinterUnavailable naming the printer; it never blocks longer than its timeout."""

from __future__ import annotations

import socket

from posapp.services.receipts import PrinterUnavailable


class TcpPrinterTransport:
    """A network printer on raw port 9100 (JetDirect), the way most receipt printers listen."""

    def __init__(self, host: str, port: int = 9100, timeout: float = 3.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    def send(self, data: bytes) -> None:
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
        except OSError as error:
            raise PrinterUnavailable(
                f"printer tcp://{self.host}:{self.port} did not take the receipt: "
                f"{error.strerror or error}"
            ) from None
