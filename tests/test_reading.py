"""Reading inputs: each format, and bad input that must fail clearly without stopping others."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from kg.errors import InputError
from kg.models import Article
from kg.reading import read_paths

MB = 1_000_000


def read(*paths, max_bytes=20 * MB):
    return list(read_paths(paths, max_bytes=max_bytes))


def test_plain_text_page_gives_title_date_and_full_text(tmp_path):
    page = tmp_path / "raid.txt"
    page.write_text("Tuesday, 5 March 2024\n\nUS jets strike militia depot near Qaim\n\n"
                    "American jets struck a depot on Monday, officials said.\n", encoding="utf-8")
    [article] = read(page)
    assert isinstance(article, Article)
    assert article.id == "raid.txt"
    assert article.published == dt.date(2024, 3, 5)
    assert article.title == "US jets strike militia depot near Qaim"
    assert article.text == page.read_text(encoding="utf-8")  # offsets point into the file


def test_jsonl_records_with_optional_fields(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": "Rockets hit a base.", "title": "Rockets",
                                "url": "https://example.org/a1", "published": "2023-10-18"})
                    + "\n\n" + json.dumps({"id": "a2", "text": "Drones struck."}) + "\n",
                    encoding="utf-8")
    first, second = read(path)
    assert (first.id, first.url, first.published) == ("a1", "https://example.org/a1",
                                                       dt.date(2023, 10, 18))
    assert (second.id, second.title, second.published) == ("a2", None, None)


def test_html_page_main_text_title_and_date(tmp_path):
    page = tmp_path / "story.html"
    page.write_text("""<!doctype html><html><head><title>Strike on depot | Example News</title>
      <meta property="article:published_time" content="2024-02-03T10:00:00Z">
      <meta property="og:title" content="Strike on depot"></head>
      <body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
      <article><h1>Strike on depot</h1>
      <p>American aircraft struck a weapons depot in eastern Syria on Friday, the Pentagon said.</p>
      <p>The strikes hit facilities used by Iran-backed militias, a spokesman told reporters.</p>
      </article><footer>Copyright Example News</footer></body></html>""", encoding="utf-8")
    [article] = read(page)
    assert isinstance(article, Article), article
    assert "weapons depot in eastern Syria" in article.text
    assert "Home" not in article.text.split("\n")[-1]
    assert article.title and "Strike on depot" in article.title
    assert article.published == dt.date(2024, 2, 3)


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n  ", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
    ("latin1.txt", "Caf\u00e9 bombed in Mosul".encode("latin-1"), "not UTF-8"),
    ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
])
def test_bad_files_get_a_clear_error_naming_the_file(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    [error] = read(path)
    assert isinstance(error, InputError)
    assert error.source == str(path)
    assert reason in error.reason
    assert str(path) in str(error)


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * MB)
    [error] = read(path, max_bytes=20 * MB)
    assert isinstance(error, InputError)
    assert "50.0 MB" in error.reason and "max_article_bytes" in error.reason


def test_malformed_jsonl_lines_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "ok-1", "text": "Rockets struck Erbil."}),
        '{"id": "broken", "text": ',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "bad-date", "text": "x y z", "published": "yesterday-ish"}),
        json.dumps({"id": "ok-2", "text": "Drones struck Baghdad."}),
    ]), encoding="utf-8")
    results = read(path)
    assert [r.id for r in results if isinstance(r, Article)] == ["ok-1", "ok-2"]
    errors = {e.line: e.reason for e in results if isinstance(e, InputError)}
    assert set(errors) == {2, 3, 4, 5}
    assert "malformed JSON" in errors[2]
    assert "JSON object" in errors[3]
    assert "text" in errors[4]
    assert "published" in errors[5]
    assert f"{path}:2" in str(next(e for e in results if isinstance(e, InputError)))


def test_missing_path_is_an_error_and_others_are_still_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Rockets struck a base in Erbil on Monday.", encoding="utf-8")
    results = read(tmp_path / "nope.txt", good)
    assert isinstance(results[0], InputError) and "no such file" in results[0].reason
    assert isinstance(results[1], Article)


def test_folders_are_read_recursively_in_a_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "a.txt", "b/1.txt"):
        (tmp_path / name).write_text(f"Text of {name} about strikes.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert [a.id for a in read(tmp_path)] == ["a.txt", "1.txt", "2.txt"]
