"""Replication between nodes and head office: wire format, client, server."""
