# The account tests' cache clearing (rate limits, used TOTP codes) for the tests
# of partner self-service and of the site's commands, which sign in too.
from tests.foundation.accounts.conftest import _clear_cache  # noqa: F401
