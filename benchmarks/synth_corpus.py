"""A large synthetic news corpus (fiction) for the end-to-end scale benchmark, made reproducibly.

    .venv/bin/python benchmarks/synth_corpus.py --n 20000 --out DIR [--seed 0] \
        [--formats warc,jsonl] [--jsonl-split 5000]

writes ``DIR/corpus.jsonl`` (one article per line: headline, standfirst, paragraphs, outlet, url,
published, language, plus ``event_id`` as the clustering ground truth, which parallax ignores)
and ``DIR/corpus.warc.gz`` (a warcinfo record, then one WARC/1.1 response record per article: an
HTML page with title, og:site_name, article:published_time, h1, a standfirst paragraph, the body
paragraphs and page furniture such as a nav bar, a "Most read" box, a "Sign in" footer and a
copyright line; each record its own gzip member, as crawlers write them). It prints the counts,
the mean words per article and the time taken. parallax streams the WARC record by record, but
reads a JSON Lines file whole, under ``ingest.max_bytes`` (50 MiB by default): 20,000 articles
make about 64 MB of JSON Lines, so pass ``--jsonl-split 5000`` (``corpus-0001.jsonl`` ...) or
raise ``PARALLAX_INGEST__MAX_BYTES``.

How the corpus is made (all text is fiction about Varnia and Kharsk, see ``_synth_world.py``):

* **Events.** Sizes are drawn from a Zipf-like law over 1–12 articles (P(k) ∝ k^-0.3, mean ≈ 5.8),
  until they add up to n, so there are about n/5.8 events; each gets a day out of 120 (from
  2026-01-12), one of 13 kinds (shelling, village captured, counteroffensive, drone attack,
  ceasefire talks, aid convoy, sanctions, prisoner exchange, disputed vote, grain corridor,
  strikes on the power grid, military aid summit, evacuation) and facts shared by all its
  articles: the town and a nearby town, a village, numbers (dead, wounded, drones, trucks, tonnes,
  prisoners ...), a weapon, a target, and four to five speakers (a Kharsk official, a Varnian one,
  a neutral one, and a resident or an analyst), each with a quotation of 2–4 sentences in that
  speaker's own words.
* **Articles.** Each article of an event comes from a different outlet (8 outlets: 3 Kharsk side,
  2 Varnia side, 3 neutral wires; repeats only past 8), published 0–2 days after the event. The
  outlet's side picks the wording: headline, standfirst and lead templates written per side,
  and slots such as ``{capture}`` ("liberated" / "occupied" / "captured"), ``{war}`` ("the special
  security operation" / "the invasion" / "the conflict"), ``{v_gov}`` ("the Velgrad regime" / "the
  Varnian government") or Kharsk-side spellings ("Tesselgrad" for Tessel). The body is 8–16
  paragraphs aiming at a word count drawn from N(440, 80) clipped to 320–640 (result: 300–700
  words, mean ≈ 453): the lead (with a wire dateline such as "BRENNA, March 17. /KNA/." or "OSTRIK
  (Continental Press) –" for most wire copy), sentences of the event kind, background, side
  framing, reactions and a closing line, with 2–5 of the event's quotations cut differently per
  outlet (a different span of the same sentences) in varied shapes: “...,” X said; “...” said X;
  X said that ...; According to X, ...; X said: “...”; a quotation running over two paragraphs;
  follow-ups by pronoun ("she added"). People are introduced in full once, by surname after.
  About 630 templates in all.
* **Determinism and cost.** Everything comes from ``random.Random`` seeded from (seed, event,
  article), so a seed gives the same bytes; articles are produced in publication order and
  streamed (only about three days of planned articles are held), so 20,000 articles take a few
  seconds and little memory.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import html
import json
import re
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _synth_world as world  # benchmarks/ is no package

START = date(2026, 1, 12)
DAYS = 120
MAX_EVENT_SIZE = 12
SIZE_EXPONENT = 0.3  # P(size k) ∝ k^-0.3 on 1..12: mean ≈ 5.8 articles per event
PUBLICATION_LAG = ((0, 0.55), (1, 0.3), (2, 0.15))  # days after the event, with weights
WORD_RANGE = (300, 700)
TARGET_WORDS = (440.0, 80.0, 320, 640)  # mean, sd, clip low, clip high
PARAGRAPHS = (8, 16)
QUOTES_PER_ARTICLE = (2, 5)
ID_NAMESPACE = uuid.UUID("3b9a61d2-5c0e-4e7a-9f1d-2a6c8e4b7d15")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|me)\b")
_LOWER_STARTS = frozenset({"The", "This", "That", "These", "Those", "It", "There", "Every", "No",
                           "All", "Each", "Civilians", "Votes", "Deliberate", "Attacks", "Peace",
                           "Millions", "Repairs", "Enforcement", "Exchanges", "Hitting", "Prices",
                           "Keeping", "Families", "Residents", "Reception", "Holding", "Both"})


@dataclass(frozen=True)
class SyntheticArticle:
    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]
    outlet: str
    published: str  # ISO date
    time: str  # HH:MM, for the page's published_time and the WARC-Date
    url: str
    event_id: str
    dateline: str | None  # the dateline prefix of the first paragraph, as written

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class EventQuote:
    speaker: world.Person
    sentences: tuple[str, ...]  # in the speaker's own words, shared by every outlet


@dataclass(frozen=True)
class Event:
    id: str
    number: int
    kind: world.EventKind
    day: int
    facts: dict[str, str]  # slot values that do not depend on the side writing
    people: dict[str, world.Person]  # k_person, v_person, n_person, w_person
    quotes: tuple[EventQuote, ...]


@dataclass(frozen=True)
class Planned:
    """One article to write later: which event, which outlet, when."""

    event: Event
    index: int  # within the event
    outlet: world.Outlet
    day: int
    minute: int


def generate(n: int, seed: int = 0) -> Iterator[SyntheticArticle]:
    """``n`` articles in publication order; the same seed gives the same articles."""
    rng = Random(seed)
    sizes = event_sizes(n, rng)
    days = sorted(rng.randrange(DAYS) for _ in sizes)
    pending: dict[int, list[Planned]] = {}
    for number, (size, day) in enumerate(zip(sizes, days, strict=True)):
        yield from _flush(pending, before=day, seed=seed)
        event = make_event(number, day, seed)
        for planned in coverage(event, size, Random(_seed_for(seed, number, 15))):
            pending.setdefault(planned.day, []).append(planned)
    yield from _flush(pending, before=DAYS + 3, seed=seed)


def event_sizes(n: int, rng: Random) -> list[int]:
    """Zipf-like event sizes in 1..12 adding up to exactly n."""
    choices = range(1, MAX_EVENT_SIZE + 1)
    weights = [k ** -SIZE_EXPONENT for k in choices]
    sizes: list[int] = []
    total = 0
    while total < n:
        size = min(rng.choices(choices, weights)[0], n - total)
        sizes.append(size)
        total += size
    return sizes


def _seed_for(seed: int, event: int, article: int) -> int:
    return (seed * 10_000_000 + event) * 16 + article


def _flush(
    pending: dict[int, list[Planned]], *, before: int, seed: int
) -> Iterator[SyntheticArticle]:
    """Write the planned articles of every day before ``before`` (no later event adds to them)."""
    for day in sorted(d for d in pending if d < before):
        for planned in sorted(pending.pop(day), key=lambda p: (p.minute, p.event.number, p.index)):
            article_seed = _seed_for(seed, planned.event.number, planned.index)
            yield write_article(planned, Random(article_seed))


# ── events ───────────────────────────────────────────────────────────────────────────────────


def make_event(number: int, day: int, seed: int) -> Event:
    rng = Random(_seed_for(seed, number, 14))
    kind = rng.choices(world.KINDS, [k.weight for k in world.KINDS])[0]
    facts = event_facts(kind, day, rng)
    town = facts["town"]
    people = {f"{role}_person": _speaker(kind, role, town, rng) for role in ("k", "v", "n")}
    people["w_person"] = _witness(kind, town, rng)
    facts["k_surname"] = people["k_person"].short
    facts["v_surname"] = people["v_person"].short
    quotes = [_event_quote(kind, role, people[f"{role}_person"], facts, rng)
              for role in ("k", "v", "n", "w")]
    if rng.random() < 0.5:  # a second voice from one side, with general words only
        role = rng.choice(("k", "v"))
        other = [p for p in (_speaker(kind, role, town, rng) for _ in range(3))
                 if p != people[f"{role}_person"]]
        if other:
            quotes.append(_event_quote(kind, role, other[0], facts, rng, specific=0))
    return Event(f"e{number:06d}", number, kind, day, facts, people, tuple(quotes))


def event_facts(kind: world.EventKind, day: int, rng: Random) -> dict[str, str]:
    """Everything the templates may ask for, fixed once per event."""
    town = rng.choice(kind.places)
    when = START + timedelta(days=day)
    target, target_short = rng.choice(world.TARGETS)
    missiles = rng.randint(40, 140)
    prisoners = rng.randint(40, 300)
    killed = rng.randint(2, 24)
    return {
        "town": town,
        "town2": rng.choice([t for t in world.FRONT_TOWNS if t != town]),
        "village": rng.choice(world.VILLAGES),
        "region": world.REGION[town],
        "venue": town if kind.diplomatic else rng.choice(world.VENUES),
        "mediator": rng.choice(world.MEDIATORS),
        "day": world.WEEKDAYS[when.weekday()],
        "next_day": world.WEEKDAYS[(when.weekday() + 1) % 7],
        "killed": count_words(killed),
        "injured": count_words(killed * rng.randint(2, 4)),
        "hour": rng.choice(world.HOURS),
        "building": rng.choice(world.BUILDINGS),
        "weapon": rng.choice(world.WEAPONS),
        "rescued": count_words(rng.randint(3, 20)),
        "children": count_words(rng.randint(2, 6)),
        "houses": str(rng.randint(12, 80)),
        "km": str(rng.randint(4, 30)),
        "depots": count_words(rng.randint(2, 5)),
        "hours": count_words(rng.randint(4, 16)),
        "batteries": count_words(rng.randint(3, 12)),
        "nth": rng.choice(world.ORDINALS),
        "unit": rng.choice(world.UNITS),
        "days": count_words(rng.randint(3, 21)),
        "population": f"{rng.randint(6, 80) * 50:,}",
        "weeks": count_words(rng.randint(2, 9)),
        "losses": str(rng.randint(40, 400)),
        "vehicles": count_words(rng.randint(3, 18)),
        "attacks": str(rng.randint(8, 40)),
        "downed": str(int(missiles * rng.uniform(0.6, 0.9))),
        "missiles": str(missiles),
        "target": target,
        "target_short": target_short,
        "explosions": count_words(rng.randint(3, 12)),
        "km_far": str(rng.randint(150, 600)),
        "drone_model": rng.choice(world.DRONE_MODELS),
        "trucks": count_words(rng.randint(6, 40)),
        "convoy_org": rng.choice(world.CONVOY_ORGS),
        "remaining": f"{rng.randint(2, 30) * 100:,}",
        "tonnes_aid": str(rng.randint(60, 600)),
        "package_no": f"{rng.randint(9, 19)}th",
        "firms": str(rng.randint(20, 120)),
        "persons": str(rng.randint(15, 90)),
        "amount": f"${rng.randint(8, 60) / 10:.1f} billion",
        "amount_total": f"${rng.randint(40, 120)} billion",
        "bank": rng.choice(world.BANKS),
        "prisoners": str(prisoners),
        "total_prisoners": str(prisoners * 2),
        "wounded_p": count_words(rng.randint(5, 30)),
        "civ_p": count_words(rng.randint(2, 15)),
        "obs_countries": str(rng.randint(8, 30)),
        "turnout": str(rng.randint(68, 89)),
        "percent": str(rng.randint(87, 98)),
        "population_k": str(rng.randint(200, 900)),
        "ships": count_words(rng.randint(4, 18)),
        "tonnes": f"{rng.randint(90, 480) * 1000:,}",
        "percent_small": count_words(rng.randint(2, 7)),
        "ships_total": f"{rng.randint(600, 1500):,}",
        "households": f"{rng.randint(40, 900) * 1000:,}",
        "shells_k": str(rng.randint(50, 400)),
        "pop_k": str(rng.randint(12, 90)),
        "children_h": count_words(rng.randint(2, 9)),
    }


def count_words(number: int) -> str:
    """News style: numbers under ten in words."""
    return world.NUMBER_WORDS[number] if number < 10 else str(number)


def _speaker(kind: world.EventKind, role: str, town: str, rng: Random) -> world.Person:
    key = rng.choice(kind.speakers[role])
    if key == "mayor":
        return world.MAYORS.get(town, world.PEOPLE["brant"])
    return world.PEOPLE[key]


def _witness(kind: world.EventKind, town: str, rng: Random) -> world.Person:
    if kind.witness == "analyst":
        return world.PEOPLE[rng.choice(world.ANALYSTS)]
    first, pronoun = rng.choice(world.FIRST_NAMES)
    name = f"{first} {rng.choice(world.SURNAMES)}"
    side = world.HOLDER.get(town, "neutral")
    where = world.SPELLINGS.get(side, {}).get(town, town)
    job = rng.choice(world.JOBS)
    article = "an" if job[0] in "aeiou" else "a"
    description = rng.choice((f"a {rng.randint(19, 84)}-year-old {job} from {where}",
                              f"{article} {job} who lives in {where}"))
    return world.described(name, description, pronoun, side)


def _event_quote(kind: world.EventKind, role: str, speaker: world.Person, facts: dict[str, str],
                 rng: Random, specific: int | None = None) -> EventQuote:
    """2–4 sentences: some about this kind of event, some general, in the speaker's words."""
    own = list(kind.quotes[role])
    general_key = speaker.side if role != "w" else kind.witness
    general = list(world.GENERIC_QUOTES[general_key])
    count = rng.randint(2, 4)
    take = specific if specific is not None else min(len(own), rng.randint(1, 2))
    chosen = rng.sample(own, take) + rng.sample(general, min(len(general), count - take))
    slots = Slots(side_values(facts, speaker.side, rng, None), {})
    return EventQuote(speaker, tuple(slots.fill(s) for s in chosen))


def side_values(facts: dict[str, str], side: str, rng: Random, lean: str | None) -> dict[str, str]:
    """The event's facts in one side's spelling, plus that side's words for contested things."""
    values = dict(facts)
    for key, spelled in world.SPELLINGS.get(side, {}).items():
        for slot in ("town", "town2"):
            if values[slot] == key:
                values[slot] = spelled
    for key, variants in world.LEXICON.items():
        words_of = lean if lean is not None and rng.random() < 0.3 else side
        values[key] = rng.choice(variants[words_of])
    return values


def coverage(event: Event, size: int, rng: Random) -> list[Planned]:
    """Which outlets write about the event, and when: distinct outlets while there are any."""
    outlets = list(world.OUTLETS)
    weights = [o.weight for o in outlets]
    chosen: list[world.Outlet] = []
    while len(chosen) < size:
        if not outlets:
            outlets, weights = list(world.OUTLETS), [o.weight for o in world.OUTLETS]
        pick = rng.choices(range(len(outlets)), weights)[0]
        chosen.append(outlets.pop(pick))
        weights.pop(pick)
    lags = [lag for lag, _ in PUBLICATION_LAG]
    lag_weights = [w for _, w in PUBLICATION_LAG]
    return [Planned(event, index, outlet, event.day + rng.choices(lags, lag_weights)[0],
                    rng.randint(5 * 60, 23 * 60))
            for index, outlet in enumerate(chosen)]


# ── articles ─────────────────────────────────────────────────────────────────────────────────


class Slots:
    """Template values for one article; a person is named in full once, by surname afterwards."""

    def __init__(self, values: dict[str, str], people: dict[str, world.Person]) -> None:
        self.values = values
        self.people = people
        self.named: set[world.Person] = set()

    def __getitem__(self, key: str) -> str:
        person = self.people.get(key)
        return self.values[key] if person is None else self.mention(person)

    def mention(self, person: world.Person) -> str:
        if person in self.named:
            return person.short
        self.named.add(person)
        return person.intro

    def fill(self, template: str) -> str:
        return tidy(template.format_map(self))


def tidy(sentence: str) -> str:
    """Capital first letter; no comma left before a full stop (an appositive at the end)."""
    if ",." in sentence or ",," in sentence:
        sentence = sentence.replace(",.", ".").replace(",,", ",")
    return sentence[:1].upper() + sentence[1:] if sentence[:1].islower() else sentence


def write_article(planned: Planned, rng: Random) -> SyntheticArticle:
    event, outlet = planned.event, planned.outlet
    kind = event.kind
    values = side_values(event.facts, outlet.side, rng, outlet.lean)
    values["outlet"] = outlet.name
    slots = Slots(values, event.people)
    published = START + timedelta(days=planned.day)
    headline = tidy(rng.choice(kind.headlines[outlet.side]).format_map(values))
    standfirst = tidy(rng.choice(kind.standfirsts[outlet.side]).format_map(values))
    dateline = _dateline(outlet, event, values, published, rng)
    lead = slots.fill(rng.choice(kind.leads[outlet.side]))
    body = _body(event, outlet, slots, lead if dateline is None else f"{dateline} {lead}", rng)
    return SyntheticArticle(
        headline=headline,
        standfirst=standfirst,
        paragraphs=body,
        outlet=outlet.name,
        published=published.isoformat(),
        time=f"{planned.minute // 60:02d}:{planned.minute % 60:02d}",
        url=_url(outlet, published, headline, event, planned.index),
        event_id=event.id,
        dateline=dateline,
    )


def _dateline(outlet: world.Outlet, event: Event, values: dict[str, str], published: date,
              rng: Random) -> str | None:
    if not outlet.dateline or rng.random() >= outlet.dateline_rate:
        return None
    city = values["venue"] if event.kind.diplomatic else values["town"]
    if rng.random() < 0.35:
        city = world.SPELLINGS.get(outlet.side, {}).get(outlet.home, outlet.home)
    return outlet.dateline.format(city=city.upper(), month=world.MONTHS[published.month - 1],
                                  day=published.day)


def _url(outlet: world.Outlet, published: date, headline: str, event: Event, index: int) -> str:
    slug = "-".join(re.findall(r"[a-z0-9]+", headline.lower())[:8])
    return (f"https://{outlet.host}/{outlet.section}/{published:%Y/%m/%d}/"
            f"{slug}-{event.number:06d}{index:02d}")


def _body(event: Event, outlet: world.Outlet, slots: Slots, lead: str,
          rng: Random) -> tuple[str, ...]:
    """Lead, fact paragraphs and quotation paragraphs, written in reading order to a word target.

    Paragraphs are lists of sentences until the end so that the last ones can be trimmed.
    """
    mean, sd, low, high = TARGET_WORDS
    target = int(min(high, max(low, rng.gauss(mean, sd))))
    quotes = _pick_quotes(event, outlet, rng)
    cuts = [_cut(q, rng) for q in quotes]
    shapes = [_shape(cut, rng) for cut in cuts]
    quote_words = sum(len(" ".join(cut).split()) + 5 for cut in cuts)
    quote_paragraphs = sum(2 if shape in ("span", "pronoun") else 1 for shape in shapes)
    wanted = rng.randint(*PARAGRAPHS)
    n_fact = max(2, wanted - 1 - quote_paragraphs)
    layout = _layout(n_fact, len(quotes), rng)
    deck = _sentence_deck(event, outlet, rng)
    paragraphs: list[list[str]] = [[lead]]
    budget = target - len(lead.split()) - quote_words
    facts_left = n_fact
    for item in layout:
        if item >= 0:
            speaker = quotes[item]
            paragraphs.extend([p] for p in _render_quote(speaker, cuts[item], shapes[item], slots,
                                                         event, rng))
            continue
        share = budget / facts_left
        paragraph: list[str] = []
        while deck and (not paragraph or (_words(paragraph) < 0.85 * share
                                          and len(paragraph) < 5)):
            paragraph.append(slots.fill(deck.pop()))
        budget -= _words(paragraph)
        facts_left -= 1
        paragraphs.append(paragraph)
    if rng.random() < 0.6:
        paragraphs[-1].append(slots.fill(rng.choice(world.CLOSERS)))
    _fit_length(paragraphs, deck, slots, rng)
    return tuple(" ".join(p) for p in paragraphs)


def _words(sentences: Sequence[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def _layout(n_fact: int, n_quotes: int, rng: Random) -> list[int]:
    """Paragraph order after the lead: -1 = facts, i >= 0 = quotation i; facts come last."""
    slots = sorted(rng.sample(range(n_fact - 1), min(n_quotes, n_fact - 1)))
    layout: list[int] = []
    quote = 0
    for position in range(n_fact):
        layout.append(-1)
        while quote < n_quotes and quote < len(slots) and slots[quote] == position:
            layout.append(quote)
            quote += 1
    while quote < n_quotes:  # more quotes than gaps: put them before the last paragraph
        layout.insert(len(layout) - 1, quote)
        quote += 1
    return layout


def _sentence_deck(event: Event, outlet: world.Outlet, rng: Random) -> list[str]:
    """Templates to draw from, popped from the end: event facts first, then background."""
    own = list(event.kind.body)
    rng.shuffle(own)
    background = list(world.CONTEXT) + list(world.SIDE_LINES[outlet.side])
    rng.shuffle(background)
    reactions = rng.sample(world.REACTIONS, 2)
    deck = own + background[:6] + reactions + background[6:]
    deck.reverse()
    return deck


def _fit_length(paragraphs: list[list[str]], deck: list[str], slots: Slots, rng: Random) -> None:
    """Add or drop sentences at the end until the body is within WORD_RANGE."""
    low, high = WORD_RANGE
    total = sum(_words(p) for p in paragraphs)
    while total < low:
        if not deck:
            deck.extend(rng.sample(world.CONTEXT, 5))
        sentence = slots.fill(deck.pop())
        if len(paragraphs) < PARAGRAPHS[1] and len(paragraphs[-1]) >= 2:
            paragraphs.append([sentence])
        else:
            paragraphs[-1].append(sentence)
        total += len(sentence.split())
    while total > high:
        last = paragraphs[-1]
        if len(last) > 1:
            total -= len(last.pop().split())
        elif len(paragraphs) > PARAGRAPHS[0]:
            total -= _words(paragraphs.pop())
        else:  # shorten the longest paragraph instead
            longer = [p for p in paragraphs[1:] if len(p) > 1]
            if not longer:
                break
            total -= len(max(longer, key=_words).pop().split())


# ── quotations ───────────────────────────────────────────────────────────────────────────────

_AFFINITY = {"kharsk": {"kharsk": 3.0, "varnia": 0.4, "neutral": 1.0},
             "varnia": {"kharsk": 0.6, "varnia": 3.0, "neutral": 1.0},
             "neutral": {"kharsk": 1.0, "varnia": 1.0, "neutral": 1.0}}


def _pick_quotes(event: Event, outlet: world.Outlet, rng: Random) -> list[EventQuote]:
    """2–5 of the event's quotations, own side and neutral voices more likely; story order."""
    low, high = QUOTES_PER_ARTICLE
    count = rng.randint(low, min(high, len(event.quotes)))
    pool = list(event.quotes)
    chosen: list[EventQuote] = []
    for _ in range(count):
        weights = [_AFFINITY[outlet.side][q.speaker.side] for q in pool]
        chosen.append(pool.pop(rng.choices(range(len(pool)), weights)[0]))
    return chosen


def _cut(quote: EventQuote, rng: Random) -> tuple[str, ...]:
    """A span of the quotation: outlets quote the same words, but not all of them."""
    sentences = quote.sentences
    length = rng.randint(1, len(sentences)) if rng.random() < 0.4 else len(sentences)
    start = rng.randint(0, len(sentences) - length)
    return sentences[start:start + length]


def _shape(cut: tuple[str, ...], rng: Random) -> str:
    shapes = ["said_after", "said_after", "said_inverted", "colon", "told"]
    if _reportable(cut[0]):
        shapes += ["said_that", "according"]
    if len(cut) >= 2:
        shapes += ["span", "pronoun"]
    return rng.choice(shapes)


def _reportable(sentence: str) -> bool:
    """Can be turned into reported speech as it stands (no first person, a statement)."""
    return sentence.endswith(".") and _FIRST_PERSON.search(sentence) is None


def _indirect(sentence: str) -> str:
    first = sentence.split(" ", 1)[0]
    if first in _LOWER_STARTS:
        sentence = sentence[0].lower() + sentence[1:]
    return sentence.rstrip(".")


def _comma(sentence: str) -> str:
    """The last sentence of a quotation before "X said": its full stop becomes a comma."""
    return sentence[:-1] + "," if sentence.endswith(".") else sentence


def _render_quote(quote: EventQuote, cut: tuple[str, ...], shape: str, slots: Slots,
                  event: Event, rng: Random) -> list[str]:
    """One or two paragraphs quoting ``cut`` in the given shape."""
    who = slots.mention(quote.speaker)
    he = quote.speaker.pronoun
    words = " ".join(cut)
    first, rest = cut[0], " ".join(cut[1:])
    if shape == "said_inverted":
        return [tidy(f"“{_comma(words)}” said {who}.")]
    if shape == "colon":
        return [tidy(f"{who} said: “{words}”")]
    if shape == "told":
        place = slots.values["venue"] if event.kind.diplomatic else slots.values["town"]
        text = f"“{_comma(first)}” {who} told reporters in {place}."
        return [tidy(text + (f" “{rest}”" if rest else ""))]
    if shape == "said_that":
        text = f"{who} said that {_indirect(first)}."
        return [tidy(text + (f" “{_comma(rest)}” {he} added." if rest else ""))]
    if shape == "according":
        text = f"According to {who}, {_indirect(first)}."
        return [tidy(text + (f" {he.capitalize()} added: “{rest}”" if rest else ""))]
    if shape == "span":  # the first paragraph leaves the quotation open
        if len(cut) == 2:
            return [tidy(f"{who} said: “{first}"), f"“{cut[1]}”"]
        return [tidy(f"“{_comma(first)}” {who} said. “{cut[1]}"), f"“{' '.join(cut[2:])}”"]
    if shape == "pronoun":
        verb = rng.choice(("said", "added", "went on"))
        return [tidy(f"“{_comma(first)}” {who} said."), f"“{_comma(rest)}” {he} {verb}."]
    return [tidy(f"“{_comma(first)}” {who} said." + (f" “{rest}”" if rest else ""))]


# ── output ───────────────────────────────────────────────────────────────────────────────────


def jsonl_line(article: SyntheticArticle) -> str:
    """One line of the JSON Lines format parallax reads (ingest/jsonl.py); event_id is extra."""
    return json.dumps({
        "headline": article.headline, "standfirst": article.standfirst,
        "paragraphs": list(article.paragraphs), "outlet": article.outlet, "url": article.url,
        "published": article.published, "language": "en", "event_id": article.event_id,
    }, ensure_ascii=False)


def article_html(article: SyntheticArticle) -> str:
    """The article as its outlet's web page, furniture included."""
    outlet = next(o for o in world.OUTLETS if o.name == article.outlet)
    e = html.escape
    nav = " ".join(f'<a href="/{e(item.lower().replace(" ", "-"))}">{e(item)}</a>'
                   for item in outlet.nav)
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    most_read = "".join(f'<li><a href="/most-read/{i}">{e(t)}</a></li>'
                        for i, t in enumerate(world.MOST_READ[:4]))
    stamp = f"{article.published}T{article.time}:00+00:00"
    day = date.fromisoformat(article.published)
    shown = f"{world.MONTHS[day.month - 1]} {day.day}, {day.year}, {article.time}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(article.headline)} | {e(outlet.name)}</title>
<meta property="og:site_name" content="{e(outlet.name)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(article.headline)}">
<meta property="og:description" content="{e(article.standfirst)}">
<meta property="og:url" content="{e(article.url)}">
<meta property="article:published_time" content="{stamp}">
</head>
<body>
<header class="site-header"><a class="logo" href="/">{e(outlet.name)}</a>
<nav>{nav}</nav></header>
<main>
<article>
<h1>{e(article.headline)}</h1>
<p class="{outlet.standfirst_class}">{e(article.standfirst)}</p>
<p class="meta"><time datetime="{stamp}">{shown}</time></p>
{paragraphs}
</article>
<aside class="most-read"><h2>Most read</h2><ol>{most_read}</ol></aside>
</main>
<footer class="site-footer">
<p><a href="/account/signin">Sign in</a> · <a href="/subscribe">Subscribe</a>
 · <a href="/newsletters">Newsletters</a></p>
<p><a href="/terms">Terms of use</a> · <a href="/privacy">Privacy</a>
 · <a href="/contact">Contact us</a></p>
<p>© {day.year} {e(outlet.name)}. All rights reserved.</p>
</footer>
</body>
</html>
"""


def warc_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    """One WARC/1.1 record as its own gzip member (no timestamp, so the bytes are reproducible)."""
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    record = (b"WARC/1.1\r\n" + head.encode("utf-8")
              + f"Content-Length: {len(block)}\r\n\r\n".encode() + block + b"\r\n\r\n")
    return gzip.compress(record, compresslevel=6, mtime=0)


def warcinfo_record(n: int, seed: int) -> bytes:
    fields = (f"software: parallax benchmarks/synth_corpus.py\r\nformat: WARC File Format 1.1\r\n"
              f"description: synthetic fiction news corpus, n={n}, seed={seed}\r\n").encode()
    record_id = uuid.uuid5(ID_NAMESPACE, f"warcinfo:{n}:{seed}")
    return warc_record([("WARC-Type", "warcinfo"), ("WARC-Record-ID", f"<urn:uuid:{record_id}>"),
                        ("WARC-Date", f"{START.isoformat()}T00:00:00Z"),
                        ("WARC-Filename", "corpus.warc.gz"),
                        ("Content-Type", "application/warc-fields")], fields)


def response_record(article: SyntheticArticle) -> bytes:
    """The article's page as an HTTP 200 response record."""
    body = article_html(article).encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    digest = base64.b32encode(hashlib.sha1(body, usedforsecurity=False).digest()).decode()
    return warc_record([
        ("WARC-Type", "response"),
        ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, article.url)}>"),
        ("WARC-Date", f"{article.published}T{article.time}:00Z"),
        ("WARC-Target-URI", article.url),
        ("WARC-Payload-Digest", f"sha1:{digest}"),
        ("Content-Type", "application/http; msgtype=response"),
    ], http)


@dataclass(frozen=True)
class Summary:
    articles: int
    events: int
    mean_words: float
    min_words: int
    max_words: int
    mean_paragraphs: float
    files: dict[str, int]  # name → bytes
    seconds: float


class JsonlFiles:
    """``corpus.jsonl``, or ``corpus-0001.jsonl`` ... of ``split`` articles each when split > 0.

    One file of 20,000 articles is about 64 MB, over parallax's default ``ingest.max_bytes``
    (50 MiB, for a JSON Lines file read whole); split files stay under it.
    """

    def __init__(self, out: Path, split: int) -> None:
        self.out, self.split = out, split
        self.paths: list[Path] = []
        self.handle: IO[bytes] | None = None
        self.written = 0

    def write(self, line: str) -> None:
        if self.handle is None or (self.split and self.written % self.split == 0):
            self.close()
            name = f"corpus-{len(self.paths) + 1:04d}.jsonl" if self.split else "corpus.jsonl"
            self.paths.append(self.out / name)
            self.handle = self.paths[-1].open("wb")
        self.handle.write(line.encode("utf-8") + b"\n")
        self.written += 1

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def write_corpus(n: int, out: Path, *, seed: int = 0, formats: Sequence[str] = ("warc", "jsonl"),
                 jsonl_split: int = 0) -> Summary:
    """Stream ``n`` articles into ``out/corpus.jsonl`` (or split files) and/or
    ``out/corpus.warc.gz``."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    jsonl = JsonlFiles(out, jsonl_split) if "jsonl" in formats else None
    warc_path = out / "corpus.warc.gz"
    warc = warc_path.open("wb") if "warc" in formats else None
    words: list[int] = []
    paragraphs = 0
    events: set[str] = set()
    try:
        if warc is not None:
            warc.write(warcinfo_record(n, seed))
        for article in generate(n, seed):
            words.append(article.words)
            paragraphs += len(article.paragraphs)
            events.add(article.event_id)
            if jsonl is not None:
                jsonl.write(jsonl_line(article))
            if warc is not None:
                warc.write(response_record(article))
    finally:
        if jsonl is not None:
            jsonl.close()
        if warc is not None:
            warc.close()
    paths = (jsonl.paths if jsonl is not None else []) + ([warc_path] if warc else [])
    count = max(1, len(words))
    return Summary(
        articles=len(words), events=len(events), mean_words=sum(words) / count,
        min_words=min(words, default=0), max_words=max(words, default=0),
        mean_paragraphs=paragraphs / count,
        files={path.name: path.stat().st_size for path in paths},
        seconds=time.perf_counter() - started,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic fiction news corpus.")
    parser.add_argument("--n", type=int, default=20_000, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--formats", default="warc,jsonl", help="comma-separated: warc, jsonl")
    parser.add_argument("--jsonl-split", type=int, default=0, metavar="N",
                        help="N articles per JSON Lines file (corpus-0001.jsonl ...); 0 = one "
                             "corpus.jsonl (20,000 articles ≈ 64 MB, over the default 50 MiB "
                             "ingest.max_bytes: split, or raise PARALLAX_INGEST__MAX_BYTES)")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - {"warc", "jsonl"})
    if unknown or not formats:
        parser.error(f"--formats takes warc and/or jsonl, not {','.join(unknown) or 'nothing'}")
    summary = write_corpus(args.n, args.out, seed=args.seed, formats=formats,
                           jsonl_split=args.jsonl_split)
    print(f"articles {summary.articles}  events {summary.events}  "
          f"({summary.articles / max(1, summary.events):.2f} articles per event)")
    print(f"words per article: mean {summary.mean_words:.1f}, min {summary.min_words}, "
          f"max {summary.max_words}; paragraphs per article: mean {summary.mean_paragraphs:.1f}")
    for name, size in summary.files.items():
        print(f"wrote {args.out / name} ({size / 1e6:.1f} MB)")
    print(f"time {summary.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
