"""Extraction on an existing Dask cluster, for corpora bigger than one machine.

Only the per-article step (extract and link) goes to the cluster: each task takes an article's
JSON and gives back its extraction's JSON, the same models that cross process boundaries in
``--workers``. Resolution and writing stay in the process that runs the build, so the graph
does not depend on which worker did what, or in which order results came back.

The workers need conflict-kg installed (the same version), and the files of any ``--catalog``
at the same paths.
"""
from __future__ import annotations

from collections.abc import Callable

from .config import Settings
from .errors import KGError
from .models import Article


def extract_task(article_json: str, settings_json: str) -> str:
    """What one Dask task runs. The pipeline is cached per worker process after the first."""
    from .build import process_article_json

    return process_article_json(article_json, Settings.model_validate_json(settings_json))


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

    from .build import Failure, parse_result

    if not articles:
        return []
    failures: list[Failure] = []
    settings_json = settings.model_dump_json()
    with connect(address) as client:
        futures = client.map(extract_task, [a.model_dump_json() for a in articles],
                             settings_json=settings_json, pure=False)
        article_of = {future.key: article for future, article in zip(futures, articles)}
        for future in as_completed(futures):
            article = article_of[future.key]
            try:
                result = future.result()
                outcome = parse_result(article, result)
            except Exception as error:  # a worker died or the task could not run there
                outcome = Failure(article.source or article.id,
                                  f"Dask task failed: {type(error).__name__}: {error}")
            if isinstance(outcome, Failure):
                failures.append(outcome)
            else:
                keep(outcome, result)
            future.release()
            on_done()
    return failures
