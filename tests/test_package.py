from __future__ import annotations

import parallax


def test_package_all_names_exist_and_are_sorted() -> None:
    for name in parallax.__all__:
        assert hasattr(parallax, name), name
    public = [n for n in parallax.__all__ if not n.startswith("_")]
    assert public == sorted(public)


def test_package_import_stays_light() -> None:
    import subprocess
    import sys

    code = "import sys, parallax; print(sorted({'spacy', 'torch', 'sklearn'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
