"""The user cache: made once, named by what it is made from, bounded, and harmless when it cannot be written."""

from __future__ import annotations

from govfoi.briefs import usercache


def test_text_is_made_once_and_a_changed_input_makes_a_new_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = []

    def make(text: str):
        return lambda: made.append(text) or text

    name = f"x/{usercache.key('a', 1)}.txt"
    assert usercache.cached_text(name, make("first")) == "first"
    assert usercache.cached_text(name, make("second")) == "first" and made == ["first"]
    assert usercache.key("a", 1) != usercache.key("a", 2)
    assert usercache.cached_text(f"x/{usercache.key('a', 2)}.txt", make("other")) == "other"


def test_entries_are_bounded_to_the_most_recently_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for i in range(5):
        usercache.cached_text(f"fonts/{i}.css", lambda i=i: str(i), keep=3)
    assert sorted(p.name for p in (tmp_path / "govfoi" / "fonts").iterdir()) == ["2.css", "3.css", "4.css"]


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert usercache.cached_text("x/y.txt", lambda: "made") == "made"
