"""Manifest decisions: unchanged files, duplicates, batches."""

from __future__ import annotations

from transforms.manifest import FileInfo, chunks, duplicates, unchanged


def test_unchanged_by_path_size_and_mtime() -> None:
    known = {"a.txt": FileInfo("a.txt", 10, 5), "b.txt": FileInfo("b.txt", 10, 5)}
    listing = [FileInfo("a.txt", 10, 5), FileInfo("b.txt", 11, 5), FileInfo("c.txt", 1, 1)]
    same, rest = unchanged(listing, known)
    assert [f.path for f in same] == ["a.txt"]
    assert [f.path for f in rest] == ["b.txt", "c.txt"]


def test_duplicates_against_loaded_and_within_batch() -> None:
    dup, new = duplicates([("x.txt", "h1"), ("y.txt", "h2"), ("z.txt", "h1")], {"h2": "old/y.txt"})
    assert dup == {"y.txt": "same content as old/y.txt", "z.txt": "same content as x.txt"}
    assert new == ["x.txt"]


def test_chunks() -> None:
    files = [FileInfo(str(i), 1, 1) for i in range(5)]
    assert [[f.path for f in c] for c in chunks(files, 2)] == [["0", "1"], ["2", "3"], ["4"]]
    assert [len(c) for c in chunks(files, 5, tail=3)] == [5]  # not more than twice the tail
    assert [len(c) for c in chunks(files, 5, tail=2)] == [3, 2]
    many = [FileInfo(str(i), 1, 1) for i in range(11)]
    assert [len(c) for c in chunks(many, 4, tail=1)] == [4, 4, 2, 1]
    assert [f.path for c in chunks(many, 4, tail=1) for f in c] == [f.path for f in many]
