"""Furniture lines: recognised on their own, and never a real sentence."""

from __future__ import annotations

import pytest

from parallax.furniture import (
    copyright_holder,
    is_credit_line,
    is_furniture,
    is_spaced_menu,
    masthead,
    read_lines,
    starts_comments,
    starts_related_block,
)


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Reply", "Your email address will not be published. Required fields are marked *",
        "Name *", "Email *", "Post Comment", "Sign in or Create a free account", "Terms of Use",
        "Privacy Policy", "Sign up for our newsletter", "Read more", "Share on Facebook", "Tweet",
        "Copy link", "Advertisement", "© 2025 Varnia Today. All rights reserved.",
        "Home | World | Politics | Sport",
        "Daria Holm arrives in Bressa. Jan Novak, Meridian, pool via CP",
        "Rescuers search the ruins. Olga Petrova, Varnia Today", "1/4", "Photo 3 of 4: Volunteers",
        "Ministers walk in. Photo: Jan Novak / Meridian",
        "(Reporting by Jan Novak; Editing by Anna Lind)",
        "We use cookies to improve your experience.", "Varnia Today", "Read more: Kharsk warns",
        "Terms of Use | Privacy Policy | Cookie Settings | Do Not Sell or Share My Personal Info",
        "Sign in or Create a free account · Terms of Service · Privacy Policy",
        "Terms of use · Privacy policy", "Sign in or Create a free account to keep reading",
        "Newsletter: Get the morning briefing in your inbox. Sign up",
        "Share this article: [Facebook] [X] [Email]", "Share: VK | Telegram | Copy link",
        "Kharsk Defence Ministry, via CP", "Social media via Varnia Today",
        "Smoke rises over the port. Emergency Service/Handout via Meridian",
        "Grushenko signs the agreement. © Voice of Kharsk / Ilya Groshev",
        "KNA | Kharsk News Agency", "KHARSK HERALD · ХАРСКИЙ ВЕСТНИК",
        "GLOBAL DESK — Daily Wire Digest", "Our Standards: The Meridian Trust Principles.",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Holm said the systems would arrive within weeks.",
        "Share prices fell in Bressa on Monday, traders said.",
        "Ministers walk to the alliance headquarters in Bressa.",
        '"Read more about it in the report," Holm said.',
        "Comments by Mednev drew a sharp reply from Dravohrad.",
        "The ceasefire talks | as officials called them | went on late into the night.",
        "Volunteers were urged to sign up.", "Aid reached Brenna via Meridian's convoy route.",
        "Grain went out via CP terminals, the port said.",
        "Meridian — the wire that broke the story — said on Monday it had two sources.",
        "Terms of the truce were never published, Holm said.",
    ],
)
def test_furniture_keeps_sentences(line: str) -> None:
    assert not is_furniture(line)


def test_furniture_block_starts_and_holders() -> None:
    assert starts_comments("Leave a Reply") and starts_comments("3 Comments")
    assert not starts_comments("Comments from Kharsk were swift.")
    assert starts_related_block("Read more:") and not starts_related_block("Read more: X")
    assert copyright_holder("© 2025 Varnia Today. All rights reserved.") == "Varnia Today"
    assert copyright_holder("Copyright © 2024–2025 The Atlantic Ledger") == "The Atlantic Ledger"
    assert copyright_holder("Copyright 2025 Meridian News Agency") == "Meridian News Agency"
    assert copyright_holder("Holm said.") is None
    assert masthead("Kharsk Herald") == "Kharsk Herald" and masthead("Kharsk") is None


def test_furniture_spaced_menu_and_credit_lines() -> None:
    assert is_spaced_menu("NEWS  WAR  POLITICS  ECONOMY  OPINION  CULTURE")
    assert not is_spaced_menu("Holm said.  Then she left.  Nobody  followed.")
    assert is_credit_line("Photo: Petar Lind") and is_credit_line("Lev Dana, CP, pool via CP")
    assert not is_credit_line("© 2025 Varnia Today. All rights reserved.")  # a footer, no caption
    assert masthead("KNA | Kharsk News Agency") == "KNA"
    assert masthead("GLOBAL DESK — Daily Wire Digest") == "Global Desk"
    assert masthead("Meridian — said on Monday it had two sources") is None


def test_furniture_caption_above_credit_line_goes_with_it() -> None:
    body = ("Holm visits Brenna\n\nHolm walks along the quay on Monday.\nPhoto: Petar Lind\n\n"
            "Holm met dock workers on Monday.\n")
    texts = [unit.text for unit in read_lines(body).units]
    assert texts == ["Holm visits Brenna", "Holm met dock workers on Monday."]


def test_furniture_credit_line_never_takes_a_wrapped_paragraph() -> None:
    body = ("Holm met dock workers on Monday and\nthanked them for staying.\nPhoto: Petar Lind\n")
    texts = [unit.text for unit in read_lines(body).units]
    assert texts == ["Holm met dock workers on Monday and thanked them for staying."]


def test_furniture_bare_name_beside_date_is_a_byline() -> None:
    units = read_lines("Talks resume\n\nOlga Petrova\n14 March 2025\n\nTalks resumed.\n").units
    assert [(u.role, u.text) for u in units][1] == ("byline", "Olga Petrova")
    units = read_lines("Olga Petrova\n\nTalks resumed on Monday in Kharsk.\n").units
    assert units[0].role == "text"  # no date beside it: a name, perhaps a headline
