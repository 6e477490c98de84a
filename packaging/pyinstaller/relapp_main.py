"""Entry script of the frozen Relapp (PyInstaller): exactly what the `relapp` command runs."""

import sys

from relapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
