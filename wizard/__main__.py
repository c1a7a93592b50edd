"""``python -m wizard``: the same entry point as the ``mlops-wizard`` command."""

from wizard.cli import main

raise SystemExit(main())
