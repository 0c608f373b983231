"""The `kg` command: build, query, export, validate, stats, link, serve."""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from .config import Settings
from .errors import KGError

err = Console(stderr=True)
out = Console()

STORE_HELP = "store folder (embedded Oxigraph), or the URL of a SPARQL endpoint"


def _settings(**overrides) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


def _open(location: str, *, read_only: bool, settings: Settings | None = None):
    from .store import open_store

    settings = settings or _settings()
    if not str(location).startswith(("http://", "https://")):
        return open_store(location, read_only=read_only)
    return open_store(location, read_only=read_only, **settings.remote_store())


def remote_store_options(command):
    """Options for a store behind a SPARQL endpoint (`--store http://…`); each can also come
    from the environment (CKG_STORE_USER, CKG_STORE_PASSWORD, CKG_STORE_TOKEN, …)."""
    options = [
        click.option("--query-url", "store_query_url", default=None,
                     help="remote store: SPARQL query endpoint [default: STORE/query]"),
        click.option("--update-url", "store_update_url", default=None,
                     help="remote store: SPARQL update endpoint [default: STORE/update]"),
        click.option("--gsp-url", "store_gsp_url", default=None,
                     help="remote store: Graph Store Protocol endpoint [default: STORE/store]"),
        click.option("--user", "store_user", default=None, help="remote store: HTTP basic user"),
        click.option("--password", "store_password", default=None,
                     help="remote store: HTTP basic password (better: CKG_STORE_PASSWORD)"),
        click.option("--store-token", "store_token", default=None,
                     help="remote store: bearer token (better: CKG_STORE_TOKEN)"),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _remote(kwargs: dict) -> dict:
    """The remote-store options out of a command's arguments, for `_settings`."""
    return {name: kwargs.pop(name) for name in list(kwargs) if name.startswith("store_")}


def _fail(error: Exception, code: int = 2):
    err.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="conflict-kg")
def main():
    """conflict-kg: news articles about armed conflict as a knowledge graph."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--store", "location", default=None,
              help=STORE_HELP + " (required unless --shards is given)")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="your own catalog file (TSV), merged over the built-in one; repeatable")
@click.option("--workers", type=click.IntRange(1), default=None, help="extraction processes")
@click.option("--dask", "dask_address", default=None, metavar="tcp://HOST:PORT",
              help="extract on this Dask cluster (its scheduler's address) instead")
@click.option("--shards", "shards", type=click.Path(file_okay=False), default=None,
              help="write the graph as N-Quads files in this folder, for a bulk loader")
@click.option("--spacy-model", default=None, help="an installed pretrained spaCy pipeline to add")
@click.option("--base-iri", default=None, help="namespace for minted IRIs")
@click.option("--online/--offline", default=None, help="look unknown names up on Wikidata")
@click.option("--force", is_flag=True, help="re-extract articles even if unchanged")
@click.option("--prune", is_flag=True, help="remove articles no longer in PATHS from the store")
@click.option("--failures", "failure_file", type=click.Path(dir_okay=False), default=None,
              help="write the failure report (TSV: source, reason) here "
                   "[default: failures.tsv in the store or shards folder]")
@remote_store_options
def build(paths, location, catalogs, workers, dask_address, shards, spacy_model, base_iri, online,
          force, prune, failure_file, **remote):
    """Read articles (.txt, .html, .jsonl) under PATHS and build the graph in the store."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .build import build as run_build

    if location is None and shards is None:
        raise click.UsageError("give --store (where to build), or --shards (files to bulk-load)")
    settings = _settings(catalogs=[Path(c) for c in catalogs] or None, workers=workers,
                         spacy_model=spacy_model, base_iri=base_iri, online=online,
                         **_remote(remote))
    try:
        store = _open(location, read_only=False, settings=settings) if location else None
        progress = Progress(TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=err, disable=not err.is_terminal)
        tasks = {}

        def tick(stage, done, total):
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        with progress, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            report = run_build(paths, store, settings, force=force, prune=prune, progress=tick,
                               dask=dask_address, shards=shards)
        for message in dict.fromkeys(str(w.message) for w in caught):  # e.g. Wikidata offline
            err.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=True)
        if store is not None:
            store.close()
    except KGError as error:
        _fail(error)
    for failure in report.failures:
        err.print(f"[yellow]skipped[/] {failure.source}: {failure.reason}", highlight=False,
                  soft_wrap=True)
    failure_file = failure_file or _default_failure_file(location, shards)
    try:
        with open(failure_file, "w", encoding="utf-8") as handle:
            handle.write("source\treason\n")
            for failure in report.failures:
                reason = " ".join(failure.reason.split())
                handle.write(f"{failure.source}\t{reason}\n")
    except OSError as error:
        err.print(f"[yellow]warning:[/] cannot write the failure report {failure_file}: "
                  f"{error.strerror or error}", highlight=False, soft_wrap=True)
    summary = (f"{report.read} articles read, {report.extracted} extracted, "
               f"{report.unchanged} unchanged, {report.written} graphs written"
               + (f", {report.pruned} pruned" if prune else "") + "; "
               f"{report.entities} entities, {report.events} events, {report.statements} "
               f"statements, {report.casualties} casualty claims; "
               f"{len(report.failures)} failures"
               + (f" (listed in {failure_file})" if report.failures else "")
               + f"; {report.seconds:.1f} s")
    err.print(summary, highlight=False, soft_wrap=True)
    sys.exit(0 if report.ok else 1)


def _default_failure_file(location: str | None, shards: str | None) -> Path:
    """Next to what the build wrote: in the store or shards folder (the working directory for a
    remote store), so each build's report sits with its result and replaces the last one."""
    if shards:
        return Path(shards) / "failures.tsv"
    if location and not location.startswith(("http://", "https://")):
        return Path(location) / "failures.tsv"
    return Path("failures.tsv")


def _query_text(query_or_file: str) -> str:
    """Query text given inline, as a .rq file, or as the name of a query in queries/."""
    from .queries import canned_queries

    if "\n" in query_or_file or "{" in query_or_file:
        return query_or_file
    path = Path(query_or_file)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    canned = canned_queries().get(path.stem)
    if canned:
        return canned.text
    if path.suffix == ".rq":
        raise click.BadParameter(f"no such query file: {query_or_file}")
    return query_or_file


@main.command()
@click.option("--store", "location", required=True, help=STORE_HELP)
@click.argument("query_or_file")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle",
                                                     "ntriples"]), default="table")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="bind a query parameter (an IRI in <…> or a plain string); repeatable")
@remote_store_options
def query(location, query_or_file, fmt, params, **remote):
    """Run a SPARQL query (text, a .rq file, or the name of a query in queries/)."""
    from .sparql import bind_parameters, render

    text = _query_text(query_or_file)
    try:
        store = _open(location, read_only=True, settings=_settings(**_remote(remote)))
        substitutions = bind_parameters(dict(p.split("=", 1) for p in params))
        result = store.query(text, substitutions=substitutions)
        render(result, fmt, out)
    except ValueError as error:
        _fail(f"--param: {error}")
    except KGError as error:
        _fail(error)


@main.command()
@click.option("--store", "location", required=True, help=STORE_HELP)
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
              default="turtle")
@click.option("-o", "--output", default=None, help="file to write (.gz compresses); default stdout")
@click.option("--graph", default=None, help="export only this named graph (IRI)")
@remote_store_options
def export(location, fmt, output, graph, **remote):
    """Dump the graph: Turtle, TriG, N-Quads, N-Triples or JSON-LD."""
    from .export import export as run_export
    from .iris import Minter

    try:
        settings = _settings(**_remote(remote))
        store = _open(location, read_only=True, settings=settings)
        internal = {Minter(settings.base_iri).graph("records")}
        run_export(store, fmt, output, graph=graph, stdout=sys.stdout.buffer, internal=internal)
    except KGError as error:
        _fail(error)


@main.command()
@click.option("--store", "location", required=True, help=STORE_HELP)
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
def validate(location, as_json):
    """Check the graph against the SHACL shapes in ontology/shapes.ttl."""
    from .iris import Minter
    from .validate import validate_store

    try:
        store = _open(location, read_only=True)
        from .config import ONTOLOGY_IRI

        # the ontology is given to pyshacl as the ontology; the records are build state
        report = validate_store(store, skip={Minter(_settings().base_iri).graph("records"),
                                             ONTOLOGY_IRI})
    except KGError as error:
        _fail(error)
    if as_json:
        out.print_json(json.dumps({"conforms": report.conforms, "triples": report.triples,
                                   "violations": [v.__dict__ for v in report.violations]}))
    else:
        for v in report.violations:
            out.print(f"[red]{v.severity}[/] {v.focus}\n  {v.path or '(node)'}: {v.message}",
                      highlight=False)
        verdict = "[green]conforms[/]" if report.conforms else \
            f"[red]does not conform[/]: {len(report.violations)} results"
        out.print(f"{report.triples} triples checked: {verdict}")
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--store", "location", required=True, help=STORE_HELP)
def stats(location):
    """Counts per class, per article, and linked vs unlinked entities."""
    from .stats import collect_stats

    try:
        s = collect_stats(_open(location, read_only=True))
    except KGError as error:
        _fail(error)
    classes = Table("class", "nodes", title="per class")
    for cls, n in s.per_class.items():
        classes.add_row(cls, str(n))
    out.print(classes)
    articles = Table("article", "entities", "events", "statements", "casualty claims",
                     title="per article")
    for row in s.per_article:
        articles.add_row(*map(str, row))
    out.print(articles)
    total = s.linked + s.unlinked
    out.print(f"entities linked to Wikidata: {s.linked} of {total}; unlinked: {s.unlinked}")
    out.print(f"{s.triples} triples in {s.graphs} named graphs")


@main.command()
@click.option("--store", "location", required=True, help=STORE_HELP)
@click.option("--report", "report", is_flag=True, default=True,
              help="list unlinked and low-confidence entities (the default, and so far the only "
                   "action)")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "tsv"]), default="table")
@click.option("--below", type=click.FloatRange(0, 1), default=0.95, show_default=True,
              help="linked entities under this confidence count as low-confidence")
@click.option("--limit", type=click.IntRange(0), default=0, help="show at most this many rows")
def link(location, report, fmt, below, limit):
    """Entities not linked to Wikidata, or linked with doubt, most mentioned first: what to add
    to a catalog of your own (see `kg build --catalog FILE`)."""
    from .link.report import as_json, as_tsv, link_report

    settings = _settings()
    try:
        rows = link_report(_open(location, read_only=True, settings=settings),
                           base_iri=settings.base_iri, below=below)
    except KGError as error:
        _fail(error)
    rows = rows[:limit] if limit else rows
    if fmt == "json":
        click.echo(as_json(rows))
    elif fmt == "tsv":
        click.echo(as_tsv(rows), nl=False)
    else:
        table = Table("label", "type", "status", "candidate", "conf.", "articles", "mentions",
                      "spellings", title="entities to link")
        for r in rows:
            spellings = " | ".join(r.spellings[:3]) + (" …" if len(r.spellings) > 3 else "")
            table.add_row(r.label, r.type, r.status, r.qid or r.candidate or "",
                          "" if r.confidence is None else f"{r.confidence:.2f}", str(r.articles),
                          str(r.mentions), spellings)
        out.print(table)
        out.print(f"{len(rows)} entities; add them to a catalog file (columns in "
                  f"kg/catalog/README.md) and rebuild with --catalog FILE")


@main.command()
@click.option("--store", "location", required=True, help=STORE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", default=None, envvar="CKG_TOKEN",
              help="bearer token that enables /update and Graph Store writes")
@click.option("--query-timeout", type=float, default=None, help="seconds a query may run")
@click.option("--threads", default=8, show_default=True, type=int)
@remote_store_options
def serve(location, host, port, token, query_timeout, threads, **remote):
    """Serve the store: SPARQL endpoint, query page, canned-query API, Linked Data pages.

    A remote store (`--store http://…`) answers the queries itself; updates sent with the
    token are forwarded to its update endpoint."""
    from server import run

    settings = _settings(token=token, query_timeout=query_timeout, **_remote(remote))
    try:
        run(location, settings, host=host, port=port, threads=threads)
    except KGError as error:  # no store to serve: nothing has started
        _fail(error, 1)


if __name__ == "__main__":
    main()
