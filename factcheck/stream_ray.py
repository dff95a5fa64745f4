"""The Ray engine of ``factcheck stream``: one check per story, as Ray tasks across a cluster.

Clustering stays on the driver (it is sequential by nature and takes a few milliseconds an article); the checks,
where the time goes (spaCy parsing, embedding, comparison), run as one Ray task per story. Ray keeps a worker
process alive between tasks of the same function, and factcheck loads spaCy and the embedding model once per
process, so each worker loads the models once and reuses them for every story it gets: the effect of an actor
pool, without actors. Tasks rather than actors because a task releases its CPU when it ends, so when a node dies
its stories are retried on whatever CPU is free; an actor holds its CPU for life, and a replacement can wait
forever for one. ``ray[data]`` is not needed (a story is the unit of work; no batching across stories) and
would add about 500 MB of dependencies.

Each task runs exactly :func:`factcheck.engines.check_story`, the local engine's code, so both engines write the
same bytes. :class:`RayEngine` is the :class:`factcheck.engines.Engine` the stream calls; this module does not
import the stream. Faults: a task lost with its worker or node is retried (up to :data:`RETRIES` times); results are
collected in story order, so no story is reported twice or lost.

Privacy and footprint: usage statistics are off (``RAY_USAGE_STATS_ENABLED=0``), the dashboard is not started,
a private cluster is started with node address 127.0.0.1, token authentication (a random token of its own
unless the environment sets one) and an object store capped at :data:`OBJECT_STORE_BYTES`. Ray 2.60 does not
keep its servers on loopback, though: it replaces 127.0.0.1 by the machine's reachable address and its gRPC
servers listen on every interface (seen with ``ss -ltn`` on the development machine), so the token is what keeps
other hosts out. To join an existing cluster pass its ``address``; its token settings (``RAY_AUTH_MODE`` /
``RAY_AUTH_TOKEN``) come from the environment as Ray reads them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from factcheck.config import Config
from factcheck.errors import FactcheckError
from factcheck.models import Document

__all__ = ["RayEngine", "check_stories_ray", "OBJECT_STORE_BYTES"]

# Ray reserves 30% of RAM for its object store by default; stories and reports are a few MB, so 256 MB is ample.
OBJECT_STORE_BYTES = 256 * 1024 * 1024


class RayMissingError(FactcheckError):
    code = "E400"


RETRIES = 5


def _check(docs_json: list[str], config_json: str) -> tuple[str | None, dict[str, int], str | None]:
    """The task body: the local engine's check of one story."""
    from factcheck.engines import check_story

    return check_story([Document.model_validate_json(d) for d in docs_json], Config.model_validate_json(config_json))


def ray_initialized() -> bool:
    """True when this process is already connected to Ray (without importing Ray)."""
    import sys

    ray = sys.modules.get("ray")
    return bool(ray is not None and ray.is_initialized())


def _import_ray():
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"  # before ray is imported: it reads this once
    try:
        import ray
    except ImportError:
        raise RayMissingError("--engine ray needs Ray: run `pip install factcheck[ray]`.") from None
    return ray


def check_stories_ray(
    stories: list[list[Document]], config: Config, *, address: str | None = None
) -> Iterator[tuple[str | None, dict[str, int], str | None]]:
    """Check each story (a list of documents) on a Ray cluster; yield the results in the order given.

    Args:
        stories: the documents of each story to check.
        config: the settings every check uses (as the local engine).
        address: a Ray cluster to join (``ray://...`` or ``HOST:PORT``); a private one on 127.0.0.1 when None.
    """
    if not stories:
        return
    if address is None and not ray_initialized():
        # A private cluster still uses token authentication; a token of its own, kept in this process's
        # environment, spares writing one under ~/.ray for a cluster that lives only as long as the run. Ray
        # reads these variables when it is imported, so they are set first.
        if not any(os.environ.get(v) for v in ("RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH", "RAY_AUTH_MODE")):
            import secrets

            os.environ["RAY_AUTH_MODE"] = "token"
            os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(32)
    ray = _import_ray()
    started = False
    if not ray.is_initialized():
        common = dict(logging_level="WARNING", log_to_driver=False, configure_logging=False)
        if address:
            ray.init(address=address, **common)
        else:
            ray.init(num_cpus=os.cpu_count() or 1, include_dashboard=False, _node_ip_address="127.0.0.1",
                     object_store_memory=OBJECT_STORE_BYTES, **common)
        started = True
    try:
        task = ray.remote(num_cpus=1, max_retries=RETRIES, retry_exceptions=False)(_check)
        cfg = ray.put(config.model_dump_json())
        refs = [task.remote([d.model_dump_json() for d in docs], cfg) for docs in stories]
        for ref in refs:
            yield ray.get(ref)
    finally:
        if started:
            ray.shutdown()


class RayEngine:
    """The :class:`factcheck.engines.Engine` that checks stories as Ray tasks (:func:`check_stories_ray`)."""

    def __init__(self, address: str | None = None) -> None:
        self.address = address

    def check(self, stories: Sequence[Sequence[Document]], config: Config) -> Iterator[tuple[str | None, dict[str, int], str | None]]:
        return check_stories_ray([list(docs) for docs in stories], config, address=self.address)
