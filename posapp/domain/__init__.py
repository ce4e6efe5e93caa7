"""Pure business rules: no framework, no I/O. Everything here is testable with plain values."""
