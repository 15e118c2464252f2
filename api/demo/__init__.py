"""Demo data: the Amager contract's demo history and the generator of fictional contracts."""
