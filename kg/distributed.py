"""Extraction on an existing Dask cluster, for corpora bigger than one machine.

Only the per-article step (extract and link) goes to the cluster: each task takes a batch of
articles as JSON and gives back their extractions' JSON, the same models that cross process
boundaries in ``--workers``. Resolution and writing stay in the process that runs the build, so the graph
does not depend on which worker did what, or in which order results came back.

The workers need conflict-kg installed (the same version), and the files of any ``--catalog``
at the same paths.
"""
from __future__ import annotations

import json
from collections.abc import Callable

from .config import Settings
from .errors import KGError
from .models import Article


#: At most this many articles per Dask task. One task per article costs the scheduler about
#: as much as extracting a short article; a batch shares that cost, and a lost task is cheap
#: to redo. Small corpora get smaller batches, so that every worker has some (`_batch_size`).
BATCH = 32


def _batch_size(articles: int, workers: int) -> int:
    """Four batches a worker at least, up to `BATCH` articles each.

    >>> _batch_size(10_000, 2), _batch_size(40, 2), _batch_size(3, 8)
    (32, 5, 1)
    """
    return max(1, min(BATCH, articles // (4 * max(1, workers))))


def extract_task(article_jsons: list[str], settings_json: str) -> list[str]:
    """What one Dask task runs: a batch of articles. The pipeline is cached per worker process
    after the first."""
    from .build import process_article_json

    settings = Settings.model_validate_json(settings_json)
    return [process_article_json(article_json, settings) for article_json in article_jsons]


def connect(address: str):
    from dask.distributed import Client

    try:
        return Client(address, timeout="30s")
    except (OSError, TimeoutError) as error:
        raise KGError(f"cannot reach the Dask scheduler at {address}: {error}") from None


def extract_on_dask(address: str, articles: list[Article], settings: Settings, keep, *,
                    on_done: Callable[[], None] = lambda: None):
    """Hand each record to `keep` (see `kg.build.extract_all`) in the order the cluster
    finishes them; returns the failures."""
    from dask.distributed import as_completed

    from .build import Failure, take_result

    if not articles:
        return []
    failures: list[Failure] = []
    settings_json = settings.model_dump_json()
    with connect(address) as client:
        size = _batch_size(len(articles), len(client.scheduler_info().get("workers", {})))
        batches = [articles[i:i + size] for i in range(0, len(articles), size)]
        futures = client.map(extract_task, [[a.model_dump_json() for a in batch]
                                            for batch in batches],
                             settings_json=settings_json, pure=False)
        batch_of = {future.key: batch for future, batch in zip(futures, batches)}
        for future in as_completed(futures):
            batch = batch_of[future.key]
            try:
                results = future.result()
            except Exception as error:  # a worker died or the task could not run there
                reason = f"Dask task failed: {type(error).__name__}: {error}"
                results = [json.dumps({"error": reason})] * len(batch)
            for article, result in zip(batch, results):
                take_result(article, result, keep, failures)
                on_done()
            future.release()
    return failures
