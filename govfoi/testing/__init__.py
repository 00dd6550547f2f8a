"""Synthetic reports for tests and benchmarks: figures that satisfy the template's identities, rendered in
the layouts seen in the wild, with damage.
"""
