"""``python -m site_builder`` and the ``site-builder`` command.

Ctrl-C or SIGTERM while the command is still starting (importing its modules) ends it quietly with the
usual exit status instead of a traceback; ``cli.main`` then takes over both signals.
"""

import signal
import sys


def _stop_while_starting(signum, frame):
    raise SystemExit(128 + signum)


def run() -> int:
    previous = {signum: signal.signal(signum, _stop_while_starting) for signum in (signal.SIGINT, signal.SIGTERM)}
    from site_builder.cli import main
    for signum, handler in previous.items():
        signal.signal(signum, handler)
    return main()


if __name__ == "__main__":
    sys.exit(run())
