"""Furniture lines: recognised on their own, and never a real sentence."""

from __future__ import annotations

import pytest

from parallax.furniture import (
    copyright_holder,
    is_furniture,
    masthead,
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
