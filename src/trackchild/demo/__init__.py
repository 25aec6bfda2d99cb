"""Synthetic demo data: institutions, one account per role, and a few thousand made-up children.

Everything is invented (names drawn from regional pools, placeholder photos with no faces) and is written through
the real services, so validation and the audit trail apply as they would to real records.
"""
