"""The versioned wire format shared by the sync client and server."""

from typing import Final

# Bumped on any incompatible change; a server answers 426 to clients older than it accepts.
PROTOCOL_VERSION: Final = 1
