"""The Ray engine of ``factcheck stream``: one check per story on a pool of actors across a Ray cluster.

Clustering stays on the driver (it is sequential by nature and takes a few milliseconds an article); the checks,
where the time goes (spaCy parsing, embedding, comparison), run as one task per story on a pool of actors. Each
actor loads spaCy and the embedding model once and keeps them for every story it is given, which is what a
Ray Data ``map_batches`` actor pool would give; plain Ray actors are used because a story is the unit of work
(no batching across stories is needed) and ``ray[data]`` would add about 500 MB of dependencies.

Each actor runs exactly :func:`factcheck.stream.check_story`, the local engine's code, so both engines write the
same bytes. Faults: actors restart without limit and their tasks are retried (``max_restarts=-1``,
``max_task_retries=-1``), so a worker node that dies mid-run loses nothing; results come back in story order,
so no story is reported twice or lost.

Privacy and footprint: usage statistics are off (``RAY_USAGE_STATS_ENABLED=0``), the dashboard is not started,
a private cluster binds to 127.0.0.1 and its object store is capped at :data:`OBJECT_STORE_BYTES`. To join an
existing cluster pass its ``address`` (its own token authentication settings, ``RAY_AUTH_MODE`` /
``RAY_AUTH_TOKEN``, come from the environment as Ray reads them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from factcheck.config import Config
from factcheck.errors import FactcheckError
from factcheck.models import Document

__all__ = ["check_stories_ray", "OBJECT_STORE_BYTES"]

# Ray reserves 30% of RAM for its object store by default; stories and reports are a few MB, so 256 MB is ample.
OBJECT_STORE_BYTES = 256 * 1024 * 1024


class RayMissingError(FactcheckError):
    code = "E400"


class _Checker:
    """A Ray actor: the models stay loaded across the stories it checks."""

    def __init__(self, config_json: str) -> None:
        self.config = Config.model_validate_json(config_json)

    def check(self, docs_json: list[str]) -> tuple[str | None, dict[str, int], str | None]:
        from factcheck.stream import check_story

        return check_story([Document.model_validate_json(d) for d in docs_json], self.config)


def _import_ray():
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"  # before ray is imported: it reads this once
    try:
        import ray
    except ImportError:
        raise RayMissingError("--engine ray needs Ray: run `pip install factcheck[ray]`.") from None
    return ray


def check_stories_ray(
    stories: list[list[Document]], config: Config, *, address: str | None = None, actors: int | None = None
) -> Iterator[tuple[str | None, dict[str, int], str | None]]:
    """Check each story (a list of documents) on a Ray cluster; yield the results in the order given.

    Args:
        stories: the documents of each story to check.
        config: the settings every check uses (as the local engine).
        address: a Ray cluster to join (``ray://...`` or ``HOST:PORT``); a private one on 127.0.0.1 when None.
        actors: how many checker actors; default one per CPU of the cluster (at most one per story).
    """
    if not stories:
        return
    ray = _import_ray()
    started = False
    if not ray.is_initialized():
        common = dict(logging_level="WARNING", log_to_driver=False, configure_logging=False)
        if address:
            ray.init(address=address, **common)
        else:
            # A private cluster still uses token authentication; a token of its own, kept in this process's
            # environment, spares writing one under ~/.ray for a cluster that lives only as long as the run.
            if not any(os.environ.get(v) for v in ("RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH", "RAY_AUTH_MODE")):
                import secrets

                os.environ["RAY_AUTH_MODE"] = "token"
                os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(32)
            ray.init(num_cpus=os.cpu_count() or 1, include_dashboard=False, _node_ip_address="127.0.0.1",
                     object_store_memory=OBJECT_STORE_BYTES, **common)
        started = True
    try:
        from ray.util import ActorPool

        cpus = int(ray.cluster_resources().get("CPU", 1))
        n = max(1, min(actors or cpus, len(stories)))
        remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=-1)(_Checker)
        pool = ActorPool([remote.remote(config.model_dump_json()) for _ in range(n)])
        payloads = [[d.model_dump_json() for d in docs] for docs in stories]
        yield from pool.map(lambda actor, docs: actor.check.remote(docs), payloads)
    finally:
        if started:
            ray.shutdown()
