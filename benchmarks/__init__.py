"""Performance figures of ssoadmin-mock against botocore's floor and moto.

Run ``python -m benchmarks``.

Nothing is imported here: ``python -m benchmarks.percall --moto`` must run without
ssoadmin_mock loaded.
"""
