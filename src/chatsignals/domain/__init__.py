"""Pure rules and values: no storage, no HTTP, no models. Imports only the standard library."""
