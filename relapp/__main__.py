"""`python -m relapp` does what the `relapp` command does."""

from relapp.cli import main

raise SystemExit(main())
