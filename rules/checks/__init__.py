"""One rule per module. See rules/registry.py for the contract and the one list of rules."""
