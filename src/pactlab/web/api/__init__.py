"""The REST API under /api/v1: one router per resource (scenarios, runs, ledger, digests, meta)."""

__all__: list[str] = []
