"""The commitments-ledger tests (SQLite and PostgreSQL)."""
