"""Whole commands in a fresh process (issue 19 "What it must show"): CPU seconds and peak memory.

``python -m pactlab ...`` in a child process, its user + system CPU and peak RSS from ``os.wait4``
(what ``/usr/bin/time -v`` reports): start-up, every import, numba's cache load, the model and the output.
"""

from __future__ import annotations

import tempfile

from ._common import COP21, fresh_process

COMMANDS = {
    "version": ["--version"],
    "negotiate-cop21-exchange-10": ["negotiate", str(COP21), "--model", "exchange", "--rounds", "10"],
    "deter-vilnius-2023": ["deter", "vilnius-2023"],
    "analyze-vilnius-2023": ["analyze", "vilnius-2023", "-o", "{tmp}/brief", "--db", "sqlite:///{tmp}/l.db"],
}


def _run(command: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        return fresh_process([a.format(tmp=tmp) for a in COMMANDS[command]], cwd=tmp)


class WholeCommand:
    params = tuple(COMMANDS)
    param_names = ("command",)
    timeout = 300.0

    def setup(self, command: str) -> None:
        _run(command)  # fills numba's cache and the user cache (roadmap, font cut) as a user's second run

    def track_cpu_seconds(self, command: str) -> float:
        return _run(command)[0]

    track_cpu_seconds.unit = "CPU s"  # type: ignore[attr-defined]

    def track_peak_rss_mib(self, command: str) -> float:
        return _run(command)[1]

    track_peak_rss_mib.unit = "MiB"  # type: ignore[attr-defined]
