"""Generators for the account-service handbook and archive: load records, check them, scaffold
new ones, and turn them into pages. Plain functions over records; the MkDocs hooks only adapt."""

import os

# numpy serves here for integer arithmetic over arrays (search ranking, report similarity), never for
# linear algebra; the OpenBLAS it links starts a thread per core at import, which costs `check` 0.1 s
# of CPU for nothing. Set before numpy is first imported; a value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
