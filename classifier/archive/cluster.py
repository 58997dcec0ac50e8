"""Where the work runs: a running Dask scheduler, or a local cluster started for this run."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from distributed import Client, LocalCluster

from classifier.errors import PostcheckError

CONNECT_TIMEOUT = "20s"
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
                        scheduler_kwargs={"dashboard_address": ":0"}, silence_logs=logging.ERROR)


@contextmanager
def connect(scheduler: str | None, jobs: int) -> Iterator[Cluster]:
    """A client of ``scheduler``, or of a local cluster of ``jobs`` single-threaded worker processes.

    See :func:`local_cluster` for the local one.
    """
    with ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(local_cluster(jobs))
            client = stack.enter_context(Client(cluster))
            yield Cluster(client, None, jobs)
            return
        try:
            client = stack.enter_context(Client(scheduler, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError, ValueError) as err:
            raise ClusterError(f"не удалось подключиться к планировщику Dask {scheduler} ({err}). "
                               "Проверьте адрес (например, tcp://10.0.0.5:8786) и что планировщик запущен.") from None
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError:
            raise ClusterError(f"у планировщика Dask {scheduler} нет ни одного обработчика "
                               f"(ждали {WORKERS_TIMEOUT} с). Запустите: dask worker {scheduler}") from None
        yield Cluster(client, scheduler, len(client.nthreads()))
