"""Canonical actors: aliases, titles and roles, and resolution of later mentions.

Within one article every mention of an actor resolves to one canonical name:

* people: the longest full name seen ("Foreign Minister Irina Belskaya" … "Belskaya" … "Ms.
  Belskaya" → "Irina Belskaya"); titles before the name and appositions after it ("Viktor Mednev,
  deputy chair of the Security Council") are kept as ``Entity.attributes``;
* organisations and places: through the alias table (``data/aliases.tsv`` plus user files), so
  "Kiev" and "Kyiv" are one place; a place that is the subject of a speech verb ("Moscow said") is
  its government when the alias table names one (``as_agent``);
* pronouns (he / she / they / it) and definite descriptions ("the ministry", "the minister") are
  resolved by :meth:`ActorIndex.resolve` to the most recent compatible actor before them.

Across articles, :func:`merge_actors` merges the canonical actors of many articles and keeps, per
outlet, the variants each one used (the comparison stage contrasts them).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, cast

from parallax.errors import ConfigError
from parallax.models import Entity, EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENTITY_TYPES: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT"})
_SPACY_TYPES = {"FAC": "LOC"}
HONORIFICS = {"mr.": "m", "mr": "m", "ms.": "f", "ms": "f", "mrs.": "f", "mrs": "f", "miss": "f",
              "dr.": "", "dr": "", "sir": "m", "madam": "f", "lord": "m", "lady": "f"}
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "it", "its", "we"})
# Title words that may sit before a name inside an NER span ("President Anton Selvik").
TITLE_WORDS = _wordset("""president prime minister foreign defence defense deputy secretary general
gen. maj. col. lt. capt. adm. sen. rep. gov. chancellor ambassador envoy spokesman spokeswoman
spokesperson chair chairman chairwoman king queen pope former acting vice state interior first
commander chief head mayor governor senator colonel major lieutenant captain admiral""")
# Heads of definite descriptions that stand for an organisation named earlier.
ORG_HEADS = _wordset("""ministry government kremlin administration agency council office army
military command committee commission department parliament alliance bloc embassy service
authorities organisation organization union court federation republic cabinet""")
# Heads of definite descriptions that stand for a person named earlier.
PERSON_ROLES = _wordset("""minister president spokesman spokeswoman spokesperson envoy secretary
general official chair chairman chairwoman leader ambassador chancellor premier commander chief
diplomat governor mayor senator lawmaker prosecutor head""")
# Heads of phrases that are documents, not speakers: "the statement said" → whoever issued it.
DOCUMENT_NOUNS = _wordset("""statement communique communiqué post tweet letter message report
release declaration note readout transcript memo text document""")
_PUNCT = re.compile(r"[\"“”‘’'`.,;:!?()\[\]]")


@dataclass(frozen=True)
class Alias:
    canonical: str
    type: EntityType
    as_agent: str | None = None


def alias_key(text: str) -> str:
    """Lookup key: white space folded, a leading "the" and a trailing "'s" dropped."""
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return re.sub(r"[’']s$", "", text).strip()


class AliasTable:
    """Variant → :class:`Alias`. Acronyms ("US", "WHO") match case-sensitively, others not."""

    def __init__(self, rows: Iterable[tuple[str, Alias]] = ()) -> None:
        self._exact: dict[str, Alias] = {}
        self._folded: dict[str, Alias] = {}
        for variant, alias in rows:
            self.add(variant, alias)

    def add(self, variant: str, alias: Alias) -> None:
        key = alias_key(variant)
        if key.replace(".", "").isupper():
            self._exact[key] = alias
        else:
            self._folded[key.casefold()] = alias

    def get(self, text: str) -> Alias | None:
        key = alias_key(text)
        return self._exact.get(key) or self._folded.get(key.casefold())

    def __len__(self) -> int:
        return len(self._exact) + len(self._folded)


def parse_alias_lines(lines: Iterable[str], source: str) -> list[tuple[str, Alias]]:
    """Rows of an alias file; a malformed line raises :class:`ConfigError` naming it."""
    rows: list[tuple[str, Alias]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.rstrip("\n").split("\t")]
        if len(cells) < 3 or cells[1] not in ENTITY_TYPES or not cells[0]:
            raise ConfigError(
                f"{source}:{number}: expected 'canonical<TAB>TYPE<TAB>variant|variant[<TAB>agent]'"
                f" with TYPE in {sorted(ENTITY_TYPES)}"
            )
        alias = Alias(cells[0], cast(EntityType, cells[1]), cells[3] if len(cells) > 3 else None)
        rows.append((cells[0], alias))
        rows.extend((v, alias) for v in cells[2].split("|") if v.strip())
    return rows


@functools.cache
def load_aliases(extra_files: tuple[Path, ...] = ()) -> AliasTable:
    """The packaged alias table, then ``extra_files`` (later files win). Cached per file list."""
    packaged = resources.files("parallax").joinpath("data/aliases.tsv")
    rows = parse_alias_lines(packaged.read_text(encoding="utf-8").splitlines(), "aliases.tsv")
    for path in extra_files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the alias file: {exc}") from None
        rows.extend(parse_alias_lines(text.splitlines(), str(path)))
    return AliasTable(rows)


@dataclass
class _Actor:
    canonical: str
    type: EntityType
    mentions: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    gender: str = ""
    from_alias: bool = False

    def to_entity(self) -> Entity:
        return Entity(self.canonical, self.type, tuple(dict.fromkeys(self.mentions)),
                      tuple(dict.fromkeys(self.attributes)))


@dataclass(frozen=True)
class Mention:
    """One resolved mention: where it is (paragraph, char) and which actor it names."""

    paragraph: int
    start: int
    end: int
    text: str
    actor: int
    subject: bool


def strip_titles(words: Sequence[str]) -> tuple[list[str], list[str], str]:
    """Split leading titles and honorifics off a name: (name words, title words, gender)."""
    words = list(words)
    titles: list[str] = []
    gender = ""
    while len(words) > 1 and (words[0].casefold() in TITLE_WORDS
                              or words[0].casefold() in HONORIFICS):
        word = words.pop(0)
        if word.casefold() in HONORIFICS:
            gender = HONORIFICS[word.casefold()] or gender
        else:
            titles.append(word)
    return words, titles, gender


def _left_titles(ent: Span) -> str:
    """Role words just before a name: "Kharsk Deputy Foreign Minister" [Pavel Grushenko]."""
    doc = ent.doc
    i = ent.start - 1
    while i >= 0 and doc[i].dep_ in {"compound", "amod", "nmod"} and i < doc[i].head.i < ent.end \
            and doc[i].pos_ in {"PROPN", "NOUN", "ADJ"} and ent.start - i <= 6:
        i -= 1
    words = [t.text for t in doc[i + 1:ent.start] if t.lower_ not in HONORIFICS]
    return " ".join(words)


def _appositions(ent: Span) -> list[str]:
    """", deputy chair of the Security Council," after a name (spaCy's ``appos``)."""
    return [
        " ".join(t.text for t in child.subtree).strip(" ,")
        for child in ent.root.children
        if child.dep_ == "appos" and child.i >= ent.end and child.ent_type_ != "PERSON"
    ]


class ActorIndex:
    """The actors of one article and every mention in reading order."""

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases
        self.actors: list[_Actor] = []
        self.mentions: list[Mention] = []
        self._by_key: dict[tuple[str, str], int] = {}

    # -- building -------------------------------------------------------------------------
    def _actor(self, canonical: str, etype: EntityType, from_alias: bool = False) -> int:
        key = (canonical.casefold(), "PERSON" if etype == "PERSON" else "OTHER")
        if key not in self._by_key:
            self._by_key[key] = len(self.actors)
            self.actors.append(_Actor(canonical, etype, from_alias=from_alias))
        return self._by_key[key]

    def _person(self, words: list[str]) -> int:
        """Link a person name to an earlier fuller or shorter form, else start a new actor."""
        name = " ".join(words)
        for index in range(len(self.actors) - 1, -1, -1):
            actor = self.actors[index]
            if actor.type != "PERSON":
                continue
            known = actor.canonical.split()
            if words[-1] == known[-1] and (len(words) == 1 or len(known) == 1
                                           or words[0] == known[0]):
                if len(words) > len(known) and not actor.from_alias:
                    actor.canonical = name
                return index
            if len(words) == 1 and words[0] in known:
                return index
        return self._actor(name, "PERSON")

    def add_entity(self, ent: Span, paragraph: int, offset: int) -> int | None:
        """Register one NER span; returns the actor index (None for types we do not track)."""
        label = _SPACY_TYPES.get(ent.label_, ent.label_)
        if label not in ENTITY_TYPES:
            return None
        text = ent.text.strip()
        words, titles, gender = strip_titles(
            [w for w in re.sub(r"[’']s$", "", text).split() if w.casefold() != "the"] or [text]
        )
        alias = self.aliases.get(" ".join(words)) or self.aliases.get(text)
        if alias is not None:
            index = self._actor(alias.canonical, alias.type, from_alias=True)
        elif label == "PERSON" or self._is_known_surname(words):
            index = self._person(words)
        else:
            index = self._actor(" ".join(words), cast(EntityType, label))
        actor = self.actors[index]
        actor.mentions.append(text)
        actor.gender = actor.gender or gender
        if actor.type == "PERSON":
            role = " ".join(titles) or _left_titles(ent)
            actor.attributes.extend(a for a in [role, *_appositions(ent)] if a)
        subject = ent.root.dep_ in {"nsubj", "nsubjpass"}
        self.mentions.append(Mention(paragraph, offset + ent.start_char, offset + ent.end_char,
                                     text, index, subject))
        return index

    def _is_known_surname(self, words: list[str]) -> bool:
        return len(words) == 1 and any(
            a.type == "PERSON" and words[0] in a.canonical.split() for a in self.actors
        )

    def add_doc(self, doc: Doc, paragraph: int, offset: int = 0) -> None:
        for ent in doc.ents:
            self.add_entity(ent, paragraph, offset)

    # -- resolving ------------------------------------------------------------------------
    def entity_at(self, paragraph: int, start: int, end: int) -> Mention | None:
        """The registered mention overlapping [start, end) of ``paragraph``, if any."""
        for mention in self.mentions:
            if mention.paragraph == paragraph and mention.start < end and start < mention.end:
                return mention
        return None

    def canonical(self, index: int) -> str:
        return self.actors[index].canonical

    def agent_name(self, index: int) -> str:
        """A place used as an agent becomes its government when the alias table says so."""
        actor = self.actors[index]
        alias = self.aliases.get(actor.canonical)
        if actor.type in {"GPE", "LOC"} and alias is not None and alias.as_agent:
            return alias.as_agent
        return actor.canonical

    def _before(self, paragraph: int, start: int, window: int = 6) -> list[Mention]:
        """Mentions before a position, most recent first, within ``window`` paragraphs."""
        found = [m for m in self.mentions if (m.paragraph, m.start) < (paragraph, start)
                 and paragraph - m.paragraph <= window]
        return found[::-1]

    def resolve_pronoun(self, word: str, paragraph: int, start: int,
                        prefer: Sequence[int] = ()) -> int | None:
        """he/she → the latest compatible person (speakers and subjects first); they/it → group."""
        word = word.casefold()
        before = self._before(paragraph, start)
        if word in MALE_PRONOUNS | FEMALE_PRONOUNS:
            gender = "m" if word in MALE_PRONOUNS else "f"
            people = [m.actor for m in before if self.actors[m.actor].type == "PERSON"
                      and self.actors[m.actor].gender in {"", gender}]
            nearby = [m.actor for m in before if m.actor in people and m.subject
                      and m.paragraph == paragraph]
            ranked = nearby + [i for i in prefer if i in people] + [
                m.actor for m in before if m.actor in people and m.subject] + people
            if ranked:
                self.actors[ranked[0]].gender = self.actors[ranked[0]].gender or gender
                return ranked[0]
            return None
        if word in GROUP_PRONOUNS:
            groups = [m for m in before if self.actors[m.actor].type in {"ORG", "GPE", "NORP"}]
            ranked = [m.actor for m in groups if m.subject] + [m.actor for m in groups]
            return ranked[0] if ranked else None
        return None

    def resolve_description(self, phrase: Span, paragraph: int, start: int) -> int | None:
        """"the ministry" → the latest ORG whose name has that word; "the minister" → a person
        whose name or title has it."""
        head = phrase.root.lemma_.casefold()
        words = {t.lower_ for t in phrase if t.pos_ in {"ADJ", "NOUN", "PROPN"}}
        for mention in self._before(paragraph, start, window=50):
            actor = self.actors[mention.actor]
            label = " ".join([actor.canonical, *actor.attributes]).casefold()
            if head in ORG_HEADS and actor.type == "ORG" and head in label:
                return mention.actor
            if head in PERSON_ROLES and actor.type == "PERSON" and head in label \
                    and all(w in label for w in words if w != head):
                return mention.actor
        return None

    def register(self, name: str, paragraph: int, start: int, end: int,
                 subject: bool = True) -> int:
        """Add a speaker the NER missed (a capitalised name that is the subject of a cue)."""
        words, _, gender = strip_titles(name.split())
        alias = self.aliases.get(" ".join(words))
        index = (self._actor(alias.canonical, alias.type, True) if alias
                 else self._person(words))
        self.actors[index].mentions.append(name)
        self.actors[index].gender = self.actors[index].gender or gender
        self.mentions.append(Mention(paragraph, start, end, name, index, subject))
        self.mentions.sort(key=lambda m: (m.paragraph, m.start))
        return index

    def entities(self) -> tuple[Entity, ...]:
        return tuple(a.to_entity() for a in self.actors if a.mentions)


def is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" or token.lower_ in MALE_PRONOUNS | FEMALE_PRONOUNS | GROUP_PRONOUNS


@dataclass(frozen=True)
class Actor:
    """One actor across articles, with the variants each outlet used for it."""

    canonical: str
    type: EntityType
    article_ids: tuple[str, ...]
    variants: tuple[tuple[str, tuple[str, ...]], ...]
    """(outlet, surface forms that outlet used), outlets sorted by name."""


def merge_actors(
    items: Sequence[tuple[str, str | None, Sequence[Entity]]],
    aliases: AliasTable | None = None,
) -> list[Actor]:
    """Merge the entities of many articles: ``items`` are (article_id, outlet, entities).

    Names are keyed by their alias canonical form, else their case-folded canonical; a lone
    surname merges into the one full name that ends with it, when there is exactly one.
    """
    table = aliases if aliases is not None else load_aliases()
    groups: dict[tuple[str, str], tuple[str, str, dict[str, list[str]], list[str]]] = {}
    for article, outlet, entities in items:
        for entity in entities:
            alias = table.get(entity.canonical)
            name = alias.canonical if alias else entity.canonical
            key = (name.casefold(), entity.type)
            slot = groups.setdefault(key, (name, entity.type, {}, []))
            slot[2].setdefault(outlet or "", []).extend(entity.mentions)
            slot[3].append(article)
    _merge_surnames(groups)
    return sorted(
        (Actor(name, cast(EntityType, etype), tuple(dict.fromkeys(arts)),
               tuple((o, tuple(dict.fromkeys(v))) for o, v in sorted(by_outlet.items())))
         for name, etype, by_outlet, arts in groups.values()),
        key=lambda a: (-len(a.article_ids), a.canonical),
    )


def _merge_surnames(
    groups: dict[tuple[str, str], tuple[str, str, dict[str, list[str]], list[str]]],
) -> None:
    full = [k for k in groups if k[1] == "PERSON" and " " in k[0]]
    for key in [k for k in groups if k[1] == "PERSON" and " " not in k[0]]:
        owners = [k for k in full if k[0].split()[-1] == key[0]]
        if len(owners) == 1:
            _, _, by_outlet, arts = groups.pop(key)
            target = groups[owners[0]]
            for outlet, variants in by_outlet.items():
                target[2].setdefault(outlet, []).extend(variants)
            target[3].extend(arts)


def normalise_words(text: str) -> list[str]:
    """Lower-case words without punctuation (for matching names and quotes)."""
    return _PUNCT.sub(" ", text.casefold()).split()
