"""The rule catalogue: every check, with its catalogue id, in one registry.

Importing this package registers every rule module.
"""
from . import registry  # noqa: F401
from . import catalogue  # noqa: F401  (rules checked while reading or while building the site)
from . import structure  # noqa: F401
