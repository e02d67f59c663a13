"""One module per ``symgen`` command, each with ``run(args) -> exit code``."""
