"""Demo data for this app, built by `manage.py seed_demo`. Idempotent."""


def seed(*, with_accounts: bool, stdout=None) -> None:
    return None
