"""Stories: same event across outlets joins, look-alike events stay apart, ids stay put."""

from __future__ import annotations

import numpy as np
import pytest

from parallax.models import Article, Dateline, article_id
from parallax.stories import (
    StoryIndex,
    StoryOptions,
    cluster_batch,
    find_reprints,
    load_fitted_params,
)
from parallax.story_text import name_terms, parse_day


def make(outlet: str, published: str, headline: str, *paragraphs: str,
         dateline: Dateline | None = None) -> Article:
    return Article(
        id=article_id(url=None, outlet=outlet, headline=headline, paragraphs=paragraphs),
        source=f"fixture:{outlet}", headline=headline, paragraphs=paragraphs, outlet=outlet,
        published=published, dateline=dateline,
    )


# Two earthquakes a fortnight apart, told in the same words, and two summits in one week.
QUAKE_OSTRIK = [
    make("Meridian", "2024-03-03", "Strong earthquake shakes border town of Ostrik",
         "A magnitude 6.1 earthquake struck near Ostrik on Sunday, damaging the old grain "
         "depot and killing at least four people, the Varnian emergency service said.",
         "Rescuers from Dravohrad searched the rubble through the night."),
    make("KNA", "2024-03-03", "Earthquake of magnitude 6.1 hits Ostrik area",
         "An earthquake of magnitude 6.1 hit the Ostrik area on Sunday; four people died "
         "when the grain depot collapsed, emergency officials said.",
         "Kharsk offered to send rescuers to Ostrik."),
    make("Varnia Today", "2024-03-04", "Ostrik counts the dead after 6.1 quake",
         "Four people were killed and the grain depot destroyed when the 6.1 quake struck "
         "Ostrik, the emergency service said on Monday.",
         "President Anton Selvik visited Ostrik and promised to rebuild the depot."),
]
QUAKE_BRENNA = [
    make("Meridian", "2024-03-18", "Strong earthquake shakes river port of Brenna",
         "A magnitude 5.4 earthquake struck near Brenna on Monday, damaging the ferry "
         "terminal and injuring twelve people, the Varnian emergency service said.",
         "Rescuers from Tessel cleared the quay through the night."),
    make("Global Desk", "2024-03-18", "Earthquake of magnitude 5.4 hits Brenna port",
         "An earthquake of magnitude 5.4 hit the port of Brenna on Monday; twelve people "
         "were hurt when the ferry terminal roof fell, emergency officials said."),
]
SUMMIT_BRESSA = [
    make("Continental Press", "2024-05-06", "Aalto hosts Alliance summit in Bressa",
         "WA Secretary General Henrik Aalto opened the Western Alliance summit in Bressa on "
         "Monday, urging members to send air defence systems to Varnia.",
         "Tomas Reil, Varnia's foreign minister, asked for 40 more launchers."),
    make("The Atlantic Ledger", "2024-05-06", "Bressa summit weighs air defence for Varnia",
         "Western Alliance leaders gathered in Bressa as Henrik Aalto pressed for air "
         "defence deliveries; Tomas Reil asked for 40 launchers."),
]
SUMMIT_KHARSK = [
    make("Voice of Kharsk", "2024-05-08", "Varyonov hosts security summit in Kharsk",
         "President Oleg Varyonov opened a security summit in Kharsk on Wednesday, urging "
         "partners to reject the Alliance's air defence deliveries.",
         "Foreign Minister Irina Belskaya said 12 delegations attended."),
    make("Kharsk Herald", "2024-05-08", "Kharsk summit condemns air defence deliveries",
         "Delegations gathered in Kharsk as Oleg Varyonov condemned air defence deliveries; "
         "Irina Belskaya counted 12 delegations."),
]


def topic_vectors(groups: list[list[Article]], same_topic: list[int], seed: int = 7) -> np.ndarray:
    """Deterministic small vectors: groups with the same topic number get nearly equal ones
    (the hard case: meaning alone cannot tell the events apart)."""
    rng = np.random.default_rng(seed)
    topics = {t: rng.normal(size=16) for t in set(same_topic)}
    rows = []
    for group, topic in zip(groups, same_topic, strict=True):
        for _ in group:
            rows.append(topics[topic] + 0.05 * rng.normal(size=16))
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def groups_of(ids: list[str], sizes: list[int]) -> list[set[str]]:
    out, start = [], 0
    for size in sizes:
        out.append(set(ids[start : start + size]))
        start += size
    return out


def test_stories_lookalike_earthquakes_stay_two_stories() -> None:
    groups = [QUAKE_OSTRIK, QUAKE_BRENNA]
    articles = [a for g in groups for a in g]
    ids = StoryIndex().add(articles, topic_vectors(groups, [0, 0]))
    ostrik, brenna = groups_of(ids, [3, 2])
    assert len(ostrik) == 1 and len(brenna) == 1
    assert ostrik != brenna


def test_stories_lookalike_summits_in_one_week_stay_two_stories() -> None:
    groups = [SUMMIT_BRESSA, SUMMIT_KHARSK]
    articles = [a for g in groups for a in g]
    ids = StoryIndex().add(articles, topic_vectors(groups, [0, 0]))
    bressa, kharsk = groups_of(ids, [2, 2])
    assert len(bressa) == 1 and len(kharsk) == 1 and bressa != kharsk


def test_stories_batch_mode_agrees_on_the_summits() -> None:
    groups = [SUMMIT_BRESSA, SUMMIT_KHARSK, QUAKE_OSTRIK]
    articles = [a for g in groups for a in g]
    ids = cluster_batch(articles, topic_vectors(groups, [0, 0, 1]))
    assert [len(g) for g in groups_of(ids, [2, 2, 3])] == [1, 1, 1]
    assert len(set(ids)) == 3


def test_stories_time_window_separates_identical_texts() -> None:
    first = make("Meridian", "2024-01-02", "Talks resume in Bressa",
                 "Tomas Reil and Irina Belskaya met in Bressa with UN envoy Lucia Brandt.")
    later = make("Meridian", "2024-02-20", "Talks resume in Bressa",
                 "Tomas Reil and Irina Belskaya met in Bressa with UN envoy Lucia Brandt.",
                 "A second round.")
    vectors = topic_vectors([[first, later]], [0])
    ids = StoryIndex().add([first, later], vectors)
    assert ids[0] != ids[1]
    assert StoryIndex(StoryOptions(window_days=60)).add([first, later], vectors)[0] == \
        StoryIndex(StoryOptions(window_days=60)).add([first, later], vectors)[1]


def test_stories_ids_stable_across_batch_splits() -> None:
    groups = [QUAKE_OSTRIK, QUAKE_BRENNA, SUMMIT_BRESSA, SUMMIT_KHARSK]
    articles = [a for g in groups for a in g]
    vectors = topic_vectors(groups, [0, 0, 1, 1])
    whole = StoryIndex().add(articles, vectors)
    split_index = StoryIndex()
    pieces = split_index.add(articles[:2], vectors[:2]) + split_index.add(
        articles[2:5], vectors[2:5]) + split_index.add(articles[5:], vectors[5:])
    assert pieces == whole
    # The story id is derived from its first article, so it survives later arrivals.
    assert whole[0] == whole[1] == whole[2]
    again = split_index.add(articles[:1], vectors[:1])
    assert again == whole[:1]


def test_stories_restore_continues_like_the_original() -> None:
    groups = [QUAKE_OSTRIK, SUMMIT_BRESSA]
    articles = [a for g in groups for a in g]
    vectors = topic_vectors(groups, [0, 1])
    live = StoryIndex()
    ids = live.add(articles[:4], vectors[:4])
    restored = StoryIndex.restore(articles[:4], vectors[:4], ids)
    assert restored.add(articles[4:], vectors[4:]) == live.add(articles[4:], vectors[4:])


def test_stories_merge_pass_repairs_a_split() -> None:
    articles = QUAKE_OSTRIK
    vectors = topic_vectors([articles], [0])
    strict = StoryOptions(join_threshold=0.99, merge_threshold=load_fitted_params()[
        "merge_threshold"])
    index = StoryIndex(strict)
    ids = index.add(articles, vectors)
    assert len(set(ids)) == 3
    mapping = index.merge_pass()
    survivors = {index.story_of(a.id) for a in articles}
    assert survivors == {ids[0]}  # the oldest story keeps its id
    assert mapping == {ids[1]: ids[0], ids[2]: ids[0]}
    assert index.merge_pass() == {}


def test_stories_merge_pass_keeps_distinct_events_apart() -> None:
    groups = [SUMMIT_BRESSA, SUMMIT_KHARSK, QUAKE_OSTRIK, QUAKE_BRENNA]
    articles = [a for g in groups for a in g]
    index = StoryIndex()
    before = index.add(articles, topic_vectors(groups, [0, 0, 1, 1]))
    assert index.merge_pass() == {}
    assert [index.story_of(a.id) for a in articles] == before
    assert len(set(before)) == 4


def test_stories_records_title_outlets_dates() -> None:
    articles = QUAKE_OSTRIK
    vectors = topic_vectors([articles], [0])
    vectors[1] = vectors[0] + vectors[2]  # the KNA article sits at the centre
    vectors[1] /= np.linalg.norm(vectors[1])
    index = StoryIndex()
    index.add(articles, vectors)
    [story] = index.stories({a.id: a for a in articles})
    assert story.title == articles[1].headline
    assert story.outlets == ("Meridian", "KNA", "Varnia Today")
    assert (story.first_published, story.last_published) == ("2024-03-03", "2024-03-04")
    assert set(story.article_ids) == {a.id for a in articles}


def test_stories_actor_sets_replace_capitalised_tokens() -> None:
    a, b = QUAKE_OSTRIK[0], QUAKE_BRENNA[0]
    assert "ostrik" in name_terms(a) and "6.1" in name_terms(a)
    assert "strong" not in name_terms(a)  # sentence-initial capitals are not names
    vectors = topic_vectors([[a, b]], [0])
    same = {a.id: {"Varnia"}, b.id: {"Varnia"}}
    ids = StoryIndex(StoryOptions(window_days=30, w_embedding=0.0, w_wording=0.0,
                                  w_actors=1.0, join_threshold=0.9)).add([a, b], vectors, same)
    assert ids[0] == ids[1]


def test_stories_rejects_embeddings_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError, match="expected 2 embedding rows"):
        StoryIndex().add(QUAKE_BRENNA, np.zeros((3, 16), dtype=np.float32))


def test_stories_parse_day() -> None:
    assert parse_day("2024-03-03T10:00:00Z") == parse_day("2024-03-03")
    assert parse_day("3 March") is None and parse_day(None) is None


WIRE = ("Kharsk Defence Ministry spokesman Maj. Gen. Arkady Lomov said air defence units "
        "shot down eleven drones over the Brenna district overnight. He said the drones were "
        "launched by the Dravograd regime and that nobody was hurt. The ministry said debris "
        "fell on a warehouse near the river port, causing a small fire that was put out.")


def test_reprints_group_wire_copies_and_name_the_wire() -> None:
    line = Dateline(city="KHARSK", date_text="March 17", agency="KNA")
    kna = make("KNA", "2024-03-17", "Air defence downs eleven drones over Brenna", WIRE,
               dateline=line)
    herald = make("Kharsk Herald", "2024-03-17", "Eleven drones downed over Brenna",
                  WIRE + " Residents said they heard explosions.", dateline=line)
    desk = make("Global Desk", "2024-03-16", "Kharsk says it downed drones",
                WIRE.replace("eleven", "11"), dateline=line)
    other = make("Meridian", "2024-03-17", "Drones strike Brenna port, Varnia says",
                 "Varnian Defence Minister Daria Holm said drones hit the Brenna river port "
                 "and denied that any had been shot down by Kharsk air defence units.")
    [group] = find_reprints([herald, other, desk, kna])
    assert group.original_id == kna.id  # the wire named in the datelines, not the earliest
    assert set(group.carrier_ids) == {herald.id, desk.id}
    assert set(group.outlets) == {"KNA", "Kharsk Herald", "Global Desk"}


def test_reprints_earliest_is_original_without_a_wire() -> None:
    a = make("Varnia Today", "2024-03-18", "Drones over Brenna", WIRE)
    b = make("The Atlantic Ledger", "2024-03-19", "Drones over Brenna port", WIRE)
    [group] = find_reprints([b, a])
    assert group.original_id == a.id and group.carrier_ids == (b.id,)
    assert find_reprints([a]) == []


@pytest.mark.slow
def test_stories_with_real_embeddings_join_same_event_and_split_lookalikes() -> None:
    import torch

    from parallax.embed import embed_articles, load_embedder

    torch.set_num_threads(1)
    groups = [QUAKE_OSTRIK, QUAKE_BRENNA, SUMMIT_BRESSA, SUMMIT_KHARSK]
    articles = [a for g in groups for a in g]
    vectors = embed_articles(articles, load_embedder())
    online = StoryIndex().add(articles, vectors)
    batch = cluster_batch(articles, vectors)
    for ids in (online, batch):
        parts = groups_of(ids, [3, 2, 2, 2])
        assert all(len(p) == 1 for p in parts)
        assert len(set().union(*parts)) == 4
