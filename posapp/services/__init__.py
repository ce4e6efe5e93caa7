"""Use cases and the ports (Protocols) they need. No framework imports here."""
