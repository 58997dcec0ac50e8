"""Where the work runs: a running Dask scheduler, or a local cluster started for this run."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from distributed import Client, LocalCluster

from classifier.errors import PostcheckError

CONNECT_TIMEOUT = "20s"
# Dask's own log lines are English; what goes wrong reaches the user as a Russian error instead
# (POSTCHECK_DEBUG=1 shows them).
QUIET = logging.DEBUG if os.environ.get("POSTCHECK_DEBUG") else logging.CRITICAL
WORKERS_TIMEOUT = 60  # seconds to wait for the first worker of a remote cluster


class ClusterError(PostcheckError):
    """The scheduler cannot be reached, has no workers, or was lost during the run."""


@dataclass
class Cluster:
    client: Client
    address: str | None  # the scheduler the user gave; None for a local cluster
    workers: int


def local_cluster(workers: int) -> LocalCluster:
    """A local cluster of ``workers`` processes with one thread each (scoring holds the GIL).

    No dashboard, and the scheduler's small HTTP server takes a free port instead of 8787,
    so runs of several users on one machine do not fight for a port.
    """
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                        scheduler_kwargs={"dashboard_address": ":0"}, silence_logs=QUIET)


@contextmanager
def connect(scheduler: str | None, jobs: int) -> Iterator[Cluster]:
    """A client of ``scheduler``, or of a local cluster of ``jobs`` single-threaded worker processes.

    See :func:`local_cluster` for the local one.
    """
    with ExitStack() as stack:
        stack.enter_context(_quiet_dask_logs())
        if scheduler is None:
            cluster = stack.enter_context(local_cluster(jobs))
            client = stack.enter_context(Client(cluster))
            yield Cluster(client, None, jobs)
            return
        try:
            client = stack.enter_context(Client(scheduler, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError, ValueError):
            raise ClusterError(f"не удалось подключиться к планировщику Dask {scheduler} за {CONNECT_TIMEOUT[:-1]} с. "
                               "Проверьте адрес (например, tcp://10.0.0.5:8786) и что планировщик запущен.") from None
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError:
            raise ClusterError(f"у планировщика Dask {scheduler} нет ни одного обработчика "
                               f"(ждали {WORKERS_TIMEOUT} с). Запустите: dask worker {scheduler}") from None
        yield Cluster(client, scheduler, len(client.nthreads()))


@contextmanager
def _quiet_dask_logs() -> Iterator[None]:
    """Dask's loggers (each has its own level) at :data:`QUIET` for the run, then as they were."""
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
               if name == "distributed" or name.startswith("distributed.")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(QUIET)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
