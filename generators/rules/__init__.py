"""The rule catalogue: every check, with its catalogue id, in one registry.

Importing this package registers every rule module.
"""
from generators.rules import registry  # noqa: F401
from generators.rules import catalogue  # noqa: F401  (rules checked while reading or while building the site)
from generators.rules import structure  # noqa: F401
from generators.rules import attachments  # noqa: F401
from generators.rules import jobs  # noqa: F401
from generators.rules import meetings  # noqa: F401
from generators.rules import reports  # noqa: F401
from generators.rules import clients  # noqa: F401
from generators.rules import issues  # noqa: F401
from generators.rules import briefs  # noqa: F401
from generators.rules import report_contents  # noqa: F401
from generators.rules import agendas  # noqa: F401
from generators.rules import feedback  # noqa: F401
from generators.rules import memos  # noqa: F401
from generators.rules import competitor_reviews  # noqa: F401
from generators.rules import documents  # noqa: F401
from generators.rules import security  # noqa: F401
