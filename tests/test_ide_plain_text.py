"""Markdown hover text for clients that read plain text only."""

from __future__ import annotations

from analysis.ide.plain_text import plain_text


def test_markup_is_dropped_and_words_and_code_kept() -> None:
    markdown = (
        "**PAX001** `fk-missing-index` (warning) · [documentation](https://x.test/rules#pax001)\n"
        "\n"
        "#### What it does\n"
        "Flags a `fields:` list without an index.\n"
        "\n"
        "```prisma\n"
        "model Comment {\n"
        "  authorId Int\n"
        "}\n"
        "```\n"
        "\n"
        "___\n"
        "\n"
        "`fields` of `@relation`"
    )
    assert plain_text(markdown) == (
        "PAX001 fk-missing-index (warning) · documentation <https://x.test/rules#pax001>\n"
        "\n"
        "What it does\n"
        "Flags a fields: list without an index.\n"
        "\n"
        "    model Comment {\n"
        "      authorId Int\n"
        "    }\n"
        "\n" + "─" * 40 + "\n"
        "\n"
        "fields of @relation"
    )


def test_plain_text_is_left_alone() -> None:
    assert plain_text("no markup here\nat all") == "no markup here\nat all"
