"""A TCP proxy between a sync client and head office that breaks requests on purpose.

It frames HTTP/1.1 requests and responses by Content-Length (all our calls have one), so a
fault can hit one request exactly: reset the connection before or halfway through the request,
let head office commit and then lose its answer, hold the answer past the client's timeout, or
answer 503 itself as a failing load balancer would. Requests without a planned fault pass.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import deque
from enum import Enum


class Fault(Enum):
    PASS = "pass"
    RESET_BEFORE = "reset before the request reaches head office"
    RESET_MID_REQUEST = "reset halfway through the request body"
    LOSE_RESPONSE = "head office commits, the answer is lost"
    TIMEOUT = "the answer comes after the client gave up"
    UNAVAILABLE = "503 from the load balancer"


def _read_message(sock: socket.socket, buffer: bytearray) -> bytes | None:
    """One HTTP message (head + Content-Length body) from `sock`; None when it closed."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    head_end = buffer.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buffer[:head_end]).split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(buffer) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    message = bytes(buffer[: head_end + length])
    del buffer[: head_end + length]
    return message


def _reset(sock: socket.socket) -> None:
    """Close with RST, as a crashed peer or a cut link does."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


class FaultProxy:
    def __init__(self, upstream_port: int, *, hold_seconds: float = 1.0) -> None:
        self.upstream_port = upstream_port
        self.hold_seconds = hold_seconds
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.applied: list[Fault] = []
        self._in_flight = 0  # requests head office has not answered yet
        self._idle = threading.Condition()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def plan(self, faults: list[Fault]) -> None:
        """The next requests meet these faults, in order; later ones pass."""
        with self._lock:
            self._faults = deque(faults)

    def _next_fault(self) -> Fault:
        with self._lock:
            fault = self._faults.popleft() if self._faults else Fault.PASS
            self.applied.append(fault)
            return fault

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Until head office has answered every request passed on to it (a client that gave up
        does not mean head office did): what a test then reads of head office is settled."""
        with self._idle:
            assert self._idle.wait_for(lambda: self._in_flight == 0, timeout), "never idle"

    def _passing(self, change: int) -> None:
        with self._idle:
            self._in_flight += change
            self._idle.notify_all()

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        buffer = bytearray()
        upstream: socket.socket | None = None
        upstream_buffer = bytearray()
        try:
            while True:
                request = _read_message(client, buffer)
                if request is None:
                    return
                fault = self._next_fault()
                if fault is Fault.RESET_BEFORE:
                    _reset(client)
                    return
                if fault is Fault.UNAVAILABLE:
                    body = b'{"detail":"upstream unavailable"}'
                    client.sendall(
                        b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
                        b"content-length: %d\r\n\r\n%s" % (len(body), body)
                    )
                    continue
                if upstream is None:
                    upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
                if fault is Fault.RESET_MID_REQUEST:
                    upstream.sendall(request[: max(1, len(request) // 2)])
                    _reset(upstream)
                    _reset(client)
                    return
                self._passing(+1)
                try:
                    upstream.sendall(request)
                    response = _read_message(upstream, upstream_buffer)
                finally:
                    self._passing(-1)
                if response is None:
                    _reset(client)
                    return
                if fault is Fault.LOSE_RESPONSE:
                    _reset(client)
                    return
                if fault is Fault.TIMEOUT:
                    time.sleep(self.hold_seconds)
                    _reset(client)
                    return
                client.sendall(response)
        except OSError:
            _reset(client)
        finally:
            if upstream is not None:
                _reset(upstream)
