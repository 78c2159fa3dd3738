"""``python -m site_builder`` and the ``site-builder`` command.

Ctrl-C or SIGTERM while the command is still starting (importing its modules) ends it quietly with the
usual exit status instead of a traceback; ``cli.main`` takes over both signals once it can unwind cleanly.
"""

import signal
import sys


def _stop_while_starting(signum, frame):
    raise SystemExit(128 + signum)


def run() -> int:
    # Held back while modules are imported (an import cut half-way prints a traceback); cli.main lets them
    # through once its handlers can unwind cleanly. Where signals cannot be held, stop quietly instead.
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    else:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, _stop_while_starting)
    from site_builder.cli import main
    return main()


if __name__ == "__main__":
    sys.exit(run())
