"""The end-to-end fixtures of test_bot (a local news site, a fresh database per backend, logging put back), for
every test of the whole bot."""

from tests.e2e.test_bot import database_url, news, restore_logging  # noqa: F401
