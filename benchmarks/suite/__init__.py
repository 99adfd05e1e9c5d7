"""The airspeed velocity (asv) suite of pactlab: benchmarks tracked over commits (issue 19 item 5).

Run from the checkout root (see benchmarks/README.md)::

    asv continuous --config benchmarks/asv.conf.json HEAD^ HEAD

Each ``time_*`` figure is CPU seconds of the benchmark process (``timer = time.process_time``: the
machine is shared, and wall time measures the neighbours), ``peakmem_*`` the process's peak resident
memory, ``track_*`` a figure measured by the benchmark itself (whole commands in fresh processes).
"""
