"""Article-extraction benchmarks for parallax's HTML reader (issue 2, "Measures").

    .venv/bin/python benchmarks/article_extraction.py aeb               # AEB body F1, 181 pages
    .venv/bin/python benchmarks/article_extraction.py naeb              # body, title, date, author
    .venv/bin/python benchmarks/article_extraction.py trafilatura-eval  # snippet F1, 990 pages
    .venv/bin/python benchmarks/article_extraction.py dates             # htmldate labels, 560
    .venv/bin/python benchmarks/article_extraction.py speed             # pages/s vs trafilatura

Data: ../shared/benchmarks/article-extraction (see its README for the metrics, implemented in
_extraction.py). Every figure is given on all pages, on the dev half the rules were tuned on and
on the held-out half. Each run ends with one JSON line ``{"benchmark": ..., ...}``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import trafilatura
from htmldate import find_date

import _extraction as ax  # benchmarks/ is no package: found through sys.path
from parallax.ingest.html import extract_html, read_html
from parallax.models import Page

# published anchors (README "Anchor scores"): system → (F1, P, R, accuracy)
AEB_ANCHORS = {
    "trafilatura": (0.958, 0.938, 0.978, 0.293),
    "newspaper": (0.949, 0.964, 0.934, 0.326),
    "readability": (0.922, 0.913, 0.931, 0.315),
    "html-text": (0.665, 0.500, 0.994, 0.000),
    "AutoExtract": (0.970, 0.984, 0.956, 0.470),
}


def run_reader(corpus: str, names: dict[str, str], urls: dict[str, str | None]) -> dict[str, Page]:
    """key → Page for every page parallax reads (a rejected page is absent)."""
    pages: dict[str, Page] = {}
    for key, name in names.items():
        data = ax.read_html_bytes(corpus, name)
        for item in read_html(data, name, url=urls.get(key)):
            if isinstance(item, Page):
                pages[key] = item
    return pages


def plain_trafilatura(corpus: str, names: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, name in names.items():
        text = trafilatura.extract(ax.read_html_bytes(corpus, name), include_comments=False)
        out[key] = text or ""
    return out


def _r(figures: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in figures.items()}


def aeb_by_half(truth: dict[str, str], pred: dict[str, str]) -> dict[str, dict[str, float]]:
    return {half: _r(ax.aeb_score({k: truth[k] for k in keys}, pred))
            for half, keys in ax.halves(truth).items()}


def _print_halves(label: str, by_half: dict[str, dict[str, float]], keys: list[str]) -> None:
    for half, figures in by_half.items():
        print(f"  {label:<28} {half:<9} " + "  ".join(f"{k}={figures[k]}" for k in keys))


# ---------------------------------------------------------------------------------------------


def bench_aeb(limit: int | None) -> dict[str, Any]:
    truth_all = ax.aeb_truth()
    print("AEB scorer check: the published reference outputs, rescored here")
    checks_ok = True
    truth = {k: v["articleBody"] for k, v in truth_all.items()}
    for system, anchor in AEB_ANCHORS.items():
        output = ax.aeb_reference_output(system)
        pred = {k: (output.get(k) or {}).get("articleBody") or "" for k in truth}
        got = ax.aeb_score(truth, pred, n_bootstrap=200)
        rescored = (got["f1"], got["precision"], got["recall"], got["accuracy"])
        same = all(round(a, 3) == b for a, b in zip(rescored, anchor, strict=True))
        checks_ok &= same
        print(f"  {system:<12} F1 {got['f1']:.3f} P {got['precision']:.3f} R {got['recall']:.3f} "
              f"acc {got['accuracy']:.3f}  published {anchor}  {'OK' if same else 'MISMATCH'}")
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    truth = {k: truth[k] for k in keys}
    names = {k: f"{k}.html" for k in keys}
    urls: dict[str, str | None] = {k: truth_all[k].get("url") for k in keys}
    base = plain_trafilatura("scrapinghub-aeb", names)
    pages = run_reader("scrapinghub-aeb", names, urls)
    ours = {k: pages[k].body if k in pages else "" for k in keys}
    base_f = aeb_by_half(truth, base)
    ours_f = aeb_by_half(truth, ours)
    shown = ["f1", "precision", "recall", "accuracy", "f1_sd"]
    print(f"AEB body ({len(keys)} pages; F1 of mean P and mean R; ± = bootstrap sd)")
    _print_halves("trafilatura.extract", base_f, shown)
    _print_halves("parallax extract_html", ours_f, shown)
    return {"benchmark": "aeb", "pages": len(keys), "scorer_reproduces_anchors": checks_ok,
            "f1": ours_f["all"]["f1"], "precision": ours_f["all"]["precision"],
            "recall": ours_f["all"]["recall"], "accuracy": ours_f["all"]["accuracy"],
            "f1_sd": ours_f["all"]["f1_sd"], "f1_dev": ours_f["dev"]["f1"],
            "f1_heldout": ours_f["held-out"]["f1"], "baseline_trafilatura_f1": base_f["all"]["f1"],
            "target": 0.965}


def bench_naeb(limit: int | None) -> dict[str, Any]:
    labels = ax.naeb_labels()
    keys = sorted(labels)[:limit] if limit else sorted(labels)
    names = {k: f"{k}.html" for k in keys}
    urls: dict[str, str | None] = {k: labels[k].get("url") or None for k in keys}
    truth = {k: labels[k]["articleBody"] for k in keys}
    pages = run_reader("naeb", names, urls)
    base_docs = {}
    for key in keys:
        base_docs[key] = trafilatura.bare_extraction(
            ax.read_html_bytes("naeb", names[key]), url=urls[key], with_metadata=True,
            include_comments=False)
    base_body = {k: getattr(d, "text", None) or "" for k, d in base_docs.items()}
    ours_body = {k: pages[k].body if k in pages else "" for k in keys}
    print(f"NAEB ({len(keys)} pages with HTML; {len(keys) - len(pages)} rejected by parallax)")
    shown = ["f1", "precision", "recall", "accuracy", "f1_sd"]
    print("  body, official AEB-style scorer (README 'Metrics: AEB'):")
    base_f = aeb_by_half(truth, base_body)
    ours_f = aeb_by_half(truth, ours_body)
    _print_halves("trafilatura bare_extraction", base_f, shown)
    _print_halves("parallax extract_html", ours_f, shown)
    print("  body, newspaper4k's 'Corpus' variant (its README's figure for this corpus):")
    n4k = {h: _r(ax.newspaper4k_score({k: truth[k] for k in ks}, ours_body))
           for h, ks in ax.halves(keys).items()}
    n4k_base = {h: _r(ax.newspaper4k_score({k: truth[k] for k in ks}, base_body))
                for h, ks in ax.halves(keys).items()}
    _print_halves("trafilatura bare_extraction", n4k_base, ["f1", "precision", "recall"])
    _print_halves("parallax extract_html", n4k, ["f1", "precision", "recall"])

    def ours_meta(field: str) -> dict[str, str | None]:
        return {k: getattr(pages[k].meta, field) if k in pages else None for k in keys}

    def base_meta(field: str) -> dict[str, str | None]:
        return {k: getattr(base_docs[k], field, None) if base_docs[k] is not None else None
                for k in keys}

    meta = {
        "parallax": metadata_figures(labels, ours_meta("headline"), ours_meta("published"),
                                     ours_meta("byline")),
        "trafilatura": metadata_figures(labels, base_meta("title"), base_meta("date"),
                                        base_meta("author")),
    }
    print("  metadata (" + ax.TITLE_EXACT_DEFINITION + "; date: string-equal YYYY-MM-DD over all "
          "pages; " + ax.AUTHOR_EXACT_DEFINITION + "; author_exact is over pages with an author "
          "label, as the README's 0.734)")
    for system, by_half in meta.items():
        _print_halves(system, by_half, ["title_exact", "date_exact", "author_exact",
                                        "author_overlap", "spurious_author"])
    ours_all = meta["parallax"]["all"]
    misses = date_miss_kinds(labels, ours_meta("published"), keys)
    print("  date misses by kind (label noise, see the data README): " + json.dumps(misses))
    return {"benchmark": "naeb", "date_misses": misses, "pages": len(keys),
            "rejected": len(keys) - len(pages),
            "body_f1": ours_f["all"]["f1"], "body_precision": ours_f["all"]["precision"],
            "body_recall": ours_f["all"]["recall"], "body_f1_dev": ours_f["dev"]["f1"],
            "body_f1_heldout": ours_f["held-out"]["f1"],
            "body_f1_newspaper4k_variant": n4k["all"]["f1"],
            "title_exact": ours_all["title_exact"], "date_exact": ours_all["date_exact"],
            "author_exact": ours_all["author_exact"],
            "title_exact_heldout": meta["parallax"]["held-out"]["title_exact"],
            "date_exact_heldout": meta["parallax"]["held-out"]["date_exact"],
            "author_exact_heldout": meta["parallax"]["held-out"]["author_exact"],
            "baseline_trafilatura": {"body_f1": base_f["all"]["f1"],
                                     **meta["trafilatura"]["all"]},
            "targets": {"body_f1": 0.93, "title_exact": 0.90, "date_exact": 0.90,
                        "author_exact": 0.80}}


def metadata_figures(
    labels: dict[str, dict[str, str]], titles: dict[str, str | None],
    dates: dict[str, str | None], authors: dict[str, str | None],
) -> dict[str, dict[str, float]]:
    out = {}
    for half, keys in ax.halves(titles).items():
        with_author = [k for k in keys if labels[k].get("authors", "").strip()]
        without = [k for k in keys if k not in set(with_author)]
        out[half] = _r({
            "title_exact": _share(keys, lambda k: ax.title_exact(titles[k], labels[k]["title"])),
            "date_exact": _share(keys, lambda k: (dates[k] or "") == labels[k].get("date")),
            "author_exact": _share(with_author,
                                   lambda k: ax.author_exact(authors[k], labels[k]["authors"])),
            "author_overlap": _share(with_author, lambda k: bool(
                ax.author_set(authors[k]) & ax.author_set(labels[k]["authors"]))),
            "spurious_author": _share(without, lambda k: bool(ax.author_set(authors[k]))),
        })
    return out


def date_miss_kinds(
    labels: dict[str, dict[str, str]], found: dict[str, str | None], keys: list[str]
) -> dict[str, int]:
    """Date misses split into: no date, label differs only in the year, off by one day, other."""
    from datetime import date

    kinds = {"none": 0, "year_only": 0, "one_day": 0, "other": 0}
    for key in keys:
        label, got = labels[key].get("date") or "", found[key]
        if got == label:
            continue
        if not got:
            kinds["none"] += 1
        elif got[4:] == label[4:]:
            kinds["year_only"] += 1
        else:
            try:
                apart = abs((date.fromisoformat(got) - date.fromisoformat(label)).days)
            except ValueError:
                apart = 99
            kinds["one_day" if apart == 1 else "other"] += 1
    return kinds


def _share(keys: list[str], test: Callable[[str], bool]) -> float:
    return sum(1 for k in keys if test(k)) / len(keys) if keys else 0.0


def bench_trafilatura_eval(limit: int | None) -> dict[str, Any]:
    evaldata = ax.trafilatura_evaldata()
    urls = sorted(evaldata)[:limit] if limit else sorted(evaldata)
    names = {u: evaldata[u]["file"] for u in urls}
    pages = run_reader("trafilatura-eval", names, {u: u for u in urls})
    results: dict[str, dict[str, dict[str, float]]] = {"parallax": {}, "trafilatura": {}}
    base: dict[str, str | None] = {}
    for u in urls:
        base[u] = trafilatura.extract(ax.read_html_bytes("trafilatura-eval", names[u]), url=u,
                                      include_comments=False, include_tables=True,
                                      include_formatting=False)
    for half, keys in ax.halves(urls).items():
        for system, outputs in (("parallax", {u: pages[u].body if u in pages else None
                                              for u in urls}), ("trafilatura", base)):
            counts = ax.SnippetCounts()
            for u in keys:
                counts.add(outputs[u], evaldata[u]["with"], evaldata[u]["without"])
            results[system][half] = _r(counts.figures())
    print(f"trafilatura-eval ({len(urls)} pages; snippet counts summed over pages)")
    for system, by_half in results.items():
        _print_halves(system, by_half, ["f1", "precision", "recall", "accuracy"])
    ours = results["parallax"]
    return {"benchmark": "trafilatura-eval", "pages": len(urls), "f1": ours["all"]["f1"],
            "precision": ours["all"]["precision"], "recall": ours["all"]["recall"],
            "accuracy": ours["all"]["accuracy"], "f1_dev": ours["dev"]["f1"],
            "f1_heldout": ours["held-out"]["f1"],
            "baseline_trafilatura_f1": results["trafilatura"]["all"]["f1"], "target": 0.93}


def bench_dates(limit: int | None) -> dict[str, Any]:
    labels = ax.htmldate_labels()
    urls = sorted(labels)[:limit] if limit else sorted(labels)
    names = {u: labels[u]["file"] for u in urls}
    pages = run_reader("trafilatura-eval", names, {u: u for u in urls})
    results: dict[str, dict[str, dict[str, float]]] = {}
    base: dict[str, str | None] = {}
    for u in urls:
        base[u] = find_date(ax.read_html_bytes("trafilatura-eval", names[u]).decode(
            "utf-8", "replace"), url=u, original_date=True, extensive_search=True)
    for system, found in (("parallax", {u: pages[u].meta.published if u in pages else None
                                        for u in urls}), ("htmldate extensive", base)):
        results[system] = {}
        for half, keys in ax.halves(urls).items():
            counts = ax.DateCounts()
            for u in keys:
                counts.add(found[u], labels[u]["date"])
            results[system][half] = _r(counts.figures())
    print(f"dates: htmldate labels ({len(urls)} pages of trafilatura-eval; tp/fp/fn as htmldate)")
    for system, by_half in results.items():
        _print_halves(system, by_half, ["accuracy", "precision", "recall", "f1"])
    ours = results["parallax"]["all"]
    return {"benchmark": "dates", "pages": len(urls), **ours,
            "accuracy_heldout": results["parallax"]["held-out"]["accuracy"],
            "baseline_htmldate_accuracy": results["htmldate extensive"]["all"]["accuracy"]}


def bench_speed(limit: int | None) -> dict[str, Any]:
    """Pages per second, one process, pages already in memory; baseline measured alongside."""
    truth = ax.aeb_truth()
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    raw = [ax.read_html_bytes("scrapinghub-aeb", f"{k}.html") for k in keys]
    texts = [r.decode("utf-8") for r in raw]

    def timed(run: Callable[[], object]) -> float:
        start = time.perf_counter()
        run()
        return len(keys) / (time.perf_counter() - start)

    # one untimed page each first: module imports and model loads (py3langid) are paid once
    trafilatura.extract(texts[0], include_comments=False)
    list(read_html(raw[0], "bench"))
    figures = {
        "trafilatura_extract_str": timed(lambda: [trafilatura.extract(
            t, include_comments=False) for t in texts]),
        "parallax_extract_html_str": timed(lambda: [extract_html(
            t, source="bench") for t in texts]),
        "trafilatura_extract_bytes": timed(lambda: [trafilatura.extract(
            r, include_comments=False) for r in raw]),
        "parallax_read_html_bytes": timed(lambda: [list(read_html(
            r, "bench")) for r in raw]),
    }
    print(f"speed on {len(keys)} AEB pages, one process (pages/s; timings are noisy: shared cores)")
    for name, value in figures.items():
        print(f"  {name:<28} {value:7.1f} pages/s")
    ratio_str = figures["parallax_extract_html_str"] / figures["trafilatura_extract_str"]
    ratio_bytes = figures["parallax_read_html_bytes"] / figures["trafilatura_extract_bytes"]
    print(f"  ratio parallax/trafilatura: {ratio_str:.2f} (str in), {ratio_bytes:.2f} (bytes in, "
          "decoding included)")
    return {"benchmark": "html-speed", "pages": len(keys), "baseline": "trafilatura.extract",
            **{k: round(v, 1) for k, v in figures.items()},
            "ratio_vs_trafilatura_str": round(ratio_str, 3),
            "ratio_vs_trafilatura_bytes": round(ratio_bytes, 3)}


BENCHMARKS: dict[str, Callable[[int | None], dict[str, Any]]] = {
    "aeb": bench_aeb,
    "naeb": bench_naeb,
    "trafilatura-eval": bench_trafilatura_eval,
    "dates": bench_dates,
    "speed": bench_speed,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("benchmark", choices=sorted(BENCHMARKS))
    parser.add_argument("--limit", type=int, help="only the first N pages (for a quick look)")
    args = parser.parse_args()
    if not ax.DATA.is_dir():
        print(f"benchmark data not found at {ax.DATA}", file=sys.stderr)
        return 1
    logging.basicConfig(level=logging.CRITICAL)  # trafilatura and htmldate are chatty
    started = time.perf_counter()
    result = BENCHMARKS[args.benchmark](args.limit)
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
