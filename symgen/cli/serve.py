"""``symgen serve [--host 127.0.0.1] [--port 8000]``: the practice page on this machine.

Needs the optional extra ``[web]`` (Starlette and uvicorn); without it, one line says how to
install it (exit code 2). Binds to localhost by default; another host is served with a warning,
since the page then answers anyone who can reach it. Stops on Ctrl+C (exit code 0).

uvicorn loads the app by its import string (``symgen.web.app:create_app``), as its own command
line does: the CLI and the web app sit side by side in the layer order and import nothing of
each other.
"""

from __future__ import annotations

import argparse
import os
import sys

EXIT_OK, EXIT_INVALID = 0, 2
APP = "symgen.web.app:create_app"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
HOSTS_VARIABLE = "SYMGEN_WEB_HOSTS"  # read by create_app: Host headers it answers


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; return the exit code."""
    try:
        import starlette  # noqa: F401  (only to say clearly that the extra is missing)
        import uvicorn
    except ImportError as exc:
        print(
            f"symgen: error: `symgen serve` needs the web extra ({exc.name} is missing): "
            "pip install 'symgen[web]'",
            file=sys.stderr,
        )
        return EXIT_INVALID
    if not 0 < args.port < 65536:
        print(f"symgen: error: port {args.port} is not in 1..65535", file=sys.stderr)
        return EXIT_INVALID
    if args.host not in LOOPBACK:
        print(
            f"symgen: warning: serving on {args.host}: anyone who can reach it can use the page",
            file=sys.stderr,
        )
        os.environ[HOSTS_VARIABLE] = "*"
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"symgen: serving on http://{shown}:{args.port}/ (Ctrl+C stops)", file=sys.stderr)
    try:
        uvicorn.run(APP, factory=True, host=args.host, port=args.port, log_level="warning")
    except SystemExit as exc:  # uvicorn exits 1 when it cannot bind (port in use, bad host)
        if exc.code:
            print(f"symgen: error: cannot serve on {shown}:{args.port}", file=sys.stderr)
            return EXIT_INVALID
    return EXIT_OK
