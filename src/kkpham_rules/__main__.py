"""``python -m kkpham_rules``: the ``kkpham`` command, for where its script is not on PATH."""

import sys

from .cli import main

if __name__ == "__main__":  # not when imported (e.g. by a doctest walk of the package)
    sys.exit(main())
