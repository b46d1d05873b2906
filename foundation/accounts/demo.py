"""The password every demo account shares (`seed_demo --with-accounts`, DEBUG only)."""

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - demo accounts exist only with DEBUG on
