"""``python -m treatylab``: the command line."""

from treatylab.cli import main

raise SystemExit(main())
