"""The version, kept beside pyproject.toml's (a test checks they agree): reading it from the
installed metadata at every start costs ~35 ms of start-up."""

VERSION = "0.1.0"
