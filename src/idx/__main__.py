"""``python -m idx``: the same as the ``idx`` command."""

import sys

from idx.cli import main

sys.exit(main())
