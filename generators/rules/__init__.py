"""The rule catalogue: every check, with its catalogue id, in one registry.

Importing this package registers every rule module.
"""
from . import registry  # noqa: F401
from . import catalogue  # noqa: F401  (rules checked while reading or while building the site)
from . import structure  # noqa: F401
from . import jobs  # noqa: F401
from . import meetings  # noqa: F401
from . import reports  # noqa: F401
from . import clients  # noqa: F401
from . import issues  # noqa: F401
from . import documents  # noqa: F401
