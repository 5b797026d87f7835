"""Concrete implementations of the services' ports: storage, ciphers, clocks, engines."""
