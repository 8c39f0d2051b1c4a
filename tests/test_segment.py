"""Paragraph and sentence splitting on real spaCy."""

from __future__ import annotations

import json

import pytest

from marker.segment import Segmenter, is_heading, split_paragraphs

from conftest import SHARED


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter()


def test_blank_lines_give_exactly_the_paragraphs(segmenter, example_text):
    expected = [p for p in example_text.split("\n\n") if p.strip()]
    paragraphs = segmenter.segment(example_text)
    assert [p.text for p in paragraphs] == [p.strip() for p in expected]
    assert [p.index for p in paragraphs] == list(range(len(expected)))


def test_sentences_are_substrings_of_their_paragraph(segmenter, example_text):
    for paragraph in segmenter.segment(example_text):
        assert len(paragraph.sentences) >= 1
        assert all(s in paragraph.text for s in paragraph.sentences)
    first = segmenter.segment(example_text)[0]
    assert len(first.sentences) == 3


def test_headings_are_dropped_and_wrapped_lines_joined(segmenter):
    text = (
        "# My essay\n\nIntroduction\nKhrushchev changed a great deal\nin the Soviet Union after 1956.\n\n"
        "Conclusion:\n\nIn conclusion, the change was real but limited.\n"
    )
    assert [p.text for p in segmenter.segment(text)] == [
        "Khrushchev changed a great deal in the Soviet Union after 1956.",
        "In conclusion, the change was real but limited.",
    ]


@pytest.mark.parametrize("line, heading", [
    ("Conclusion:", True), ("Arguments for", True), ("## Part two", True),
    ("He was removed in 1964.", False),
    ("this line is a long piece of prose that goes on without any final punctuation at all", False),
])
def test_is_heading(line, heading):
    assert is_heading(line) is heading


def test_single_line_breaks_between_sentence_lines_are_paragraphs():
    text = "The first paragraph ends here.\nThe second one ends too.\nAnd a third."
    assert split_paragraphs(text, str.split) == [
        "The first paragraph ends here.", "The second one ends too.", "And a third."]



@pytest.mark.parametrize(("text", "paragraphs"), [
    ("Introduction\nKhrushchev came to power after Stalin died in 1953.\nThe Secret Speech\n"
     "In 1956 he denounced Stalin's crimes to the party congress.\nHe also freed many prisoners.\n"
     "Conclusion:\nOverall, de-Stalinisation went only so far.",
     ["Khrushchev came to power after Stalin died in 1953.",
      "In 1956 he denounced Stalin's crimes to the party congress.", "He also freed many prisoners.",
      "Overall, de-Stalinisation went only so far."]),
    ("The Secret Speech\nIn 1956 he denounced Stalin's crimes to the\nparty congress, which shocked delegates.\n"
     "Limits\nThe Hungarian rising was crushed.",
     ["In 1956 he denounced Stalin's crimes to the party congress, which shocked delegates.",
      "The Hungarian rising was crushed."]),
])
def test_headings_between_single_line_breaks_end_paragraphs_and_are_dropped(text, paragraphs):
    assert split_paragraphs(text, str.split) == paragraphs


def test_word_and_unicode_breaks_separate_lines_and_paragraphs():
    text = ("Khrushchev denounced Stalin in 1956.\u2029The Gulag was emptied\x0bof most prisoners.\x0c"
            "Hungary was invaded\u2028in the same year.")
    assert split_paragraphs(text, str.split) == [
        "Khrushchev denounced Stalin in 1956.", "The Gulag was emptied of most prisoners.",
        "Hungary was invaded in the same year."]


@pytest.mark.parametrize("breaks", ["\n\n", "\n"])
def test_the_question_copied_as_a_title_is_not_a_paragraph(breaks):
    title = "How effectively did Khrushchev 'de-Stalinise' the USSR in the years 1956 to 1964?"
    body = ["The Secret Speech of 1956 denounced Stalin.", "Yet Hungary was crushed in the same year."]
    assert split_paragraphs(breaks.join([title, *body]), str.split) == body
    assert split_paragraphs("\n\n".join(["Was he sincere?", "He was, in part."]), str.split) == ["He was, in part."]
    assert split_paragraphs("Was he sincere?\nHe was, in part.", str.split) == ["Was he sincere?", "He was, in part."]
    under_a_title = f"{title}\nIntroduction\n{body[0]}\n\n{body[1]}"
    assert split_paragraphs(under_a_title, str.split) == body


def test_an_exam_instruction_copied_as_a_title_is_not_a_paragraph():
    body = ["A minimum wage set above the market wage creates an excess supply of labour.",
            "Yet where one employer dominates, a minimum wage can raise employment."]
    title = "Evaluate the view that a minimum wage always increases unemployment. [25 marks]"
    assert split_paragraphs("\n\n".join([title, *body]), str.split) == body
    two_sentences = "Examine the evidence and a clear picture emerges. Khrushchev changed a great deal."
    assert split_paragraphs("\n\n".join([two_sentences, *body]), str.split) == [two_sentences, *body]


def test_short_wrapped_lines_are_prose_not_headings():
    text = ("Stalin died in 1953.\nKhrushchev denounced the crimes of\nStalin before the Party Congress.\n\n"
            "There were three main reasons for this:\nthe Secret Speech, the thaw and the amnesty.")
    assert split_paragraphs(text, str.split) == [
        "Stalin died in 1953. Khrushchev denounced the crimes of Stalin before the Party Congress.",
        "There were three main reasons for this: the Secret Speech, the thaw and the amnesty."]


def test_a_short_line_that_fills_the_width_of_hard_wrapped_prose_is_kept():
    wrapped = ("Stalin died in 1953 and the succession was still open.\n"
               "Khrushchev's denunciation shocked the Twentieth\n"
               "Congress, and the text soon spread across the Eastern\n"
               "Bloc, where it unsettled the communist leaderships.")
    assert split_paragraphs(wrapped, str.split) == [" ".join(wrapped.split("\n"))]
    headed = ("The Secret Speech\nKhrushchev's denunciation of Stalin shocked the\n"
              "Twentieth Congress, and the text soon spread abroad.")
    assert split_paragraphs(headed, str.split) == [" ".join(headed.split("\n")[1:])], "a heading is still dropped"


def test_hard_wrapped_paragraphs_with_first_line_indents_keep_every_line(example_text):
    """Text pasted from a PDF or an email: no blank lines, each paragraph's first line indented."""
    import textwrap

    paragraphs = [p.strip() for p in example_text.split("\n\n") if p.strip()]
    for width in (50, 60, 72):
        text = "\n".join(textwrap.fill(p, width, initial_indent="    ") for p in paragraphs)
        assert split_paragraphs(text, str.split) == paragraphs, width
    # A short line that ends one sentence and starts the next is prose, not a heading.
    wrapped = ("Abroad, his methods resembled Stalin's. In November\n1956 Soviet tanks crushed the Hungarian "
               "uprising.\nThe thaw ended there.")
    assert split_paragraphs(wrapped, str.split) == [" ".join(wrapped.split("\n"))]


def test_bullet_points_are_prose_and_side_headings_are_headings():
    text = ("Repression of dissent and religion also continued in several ways:\n\n- churches closed from 1958\n- the KGB still watched critics\n\n"
            "Arguments for\n\nThe Secret Speech attacked Stalin.\n\n## Arguments for\nThe thaw followed it.\n\n"
            "The case for\nTerror ended after 1953.")
    assert split_paragraphs(text, str.split) == [
        "Repression of dissent and religion also continued in several ways:\n- churches closed from 1958\n- the KGB still watched critics",
        "The Secret Speech attacked Stalin.", "The thaw followed it.", "Terror ended after 1953."]


def test_a_quotation_stays_with_the_words_that_introduce_it():
    text = ("The Secret Speech shocked the Congress. Khrushchev told the delegates:\n\n"
            "> It is impermissible and foreign to the spirit of Marxism-Leninism\n> to elevate one person into a "
            "superman.\n\nThis admission changed Soviet politics.")
    assert split_paragraphs(text, str.split) == [
        "The Secret Speech shocked the Congress. Khrushchev told the delegates: It is impermissible and foreign to "
        "the spirit of Marxism-Leninism to elevate one person into a superman.", "This admission changed Soviet politics."]
    lead_in_alone = ("The Secret Speech shocked the Congress.\n\nAs Khrushchev told the delegates:\n\n"
                     '"It is impermissible to elevate one person into a superman."\n\nReasons for change:\n\n'
                     "Terror ended after 1953.")
    assert split_paragraphs(lead_in_alone, str.split) == [
        "The Secret Speech shocked the Congress.",
        'As Khrushchev told the delegates: "It is impermissible to elevate one person into a superman."',
        "Terror ended after 1953."], "a lead-in of its own is kept; a heading ending in a colon is not"
    single_breaks = ("The Secret Speech shocked the Congress.\nKhrushchev told the delegates:\n\"Stalin erred.\"\n"
                     "Prisoners came home.\nThe KGB stayed.")
    assert split_paragraphs(single_breaks, str.split) == [
        "The Secret Speech shocked the Congress.", 'Khrushchev told the delegates: "Stalin erred."', "Prisoners came home.",
        "The KGB stayed."], "paragraphs on single lines stay so with a lead-in among them"
    headings = "The one-party state:\n\nThe party kept power.\n\nNotes:\n\nCensorship went on.\n\nWritten sources:\n\nEnd."
    assert split_paragraphs(headings, str.split) == ["The party kept power.", "Censorship went on.", "End."]


@pytest.mark.parametrize("reply", ["On 3 Mar 2025, at 09:12, Mr Evans <evans@school.example> wrote:\n",
                                   "On Mon, 3 Mar 2025 at 09:12, Mr Evans wrote:\n\n"])
def test_an_emails_greeting_cover_line_sign_off_and_quoted_thread_are_left_out(reply):
    email = ("Hi Mr Evans,\n\nHere is my essay for Thursday, sorry it is late.\n\nTerror ended after 1953.\n\n"
             "Censorship went on, so the Thaw was limited.\n\nOverall, de-Stalinisation was partial.\n\nThanks,\nJamie\n"
             f"Year 13\n\n{reply}> Please send your essays by Thursday.\n>\n> Mr Evans")
    assert split_paragraphs(email, str.split) == [
        "Terror ended after 1953.", "Censorship went on, so the Thaw was limited.", "Overall, de-Stalinisation was partial."]
    forwarded = f"Jamie's essay, as you asked.\n\n{reply}> Terror ended after 1953.\n>\n> Censorship went on, so the Thaw was limited."
    assert split_paragraphs(forwarded, str.split)[-2:] == [
        "Terror ended after 1953.", "Censorship went on, so the Thaw was limited."], "a quotation longer than the rest is kept"
    markdown = "Terror ended after 1953.\n\nCensorship went on, so the Thaw was limited.\n\n> Stalin is dead."
    assert split_paragraphs(markdown, str.split)[-1] == "Stalin is dead.", "an essay may end on a quotation"
    cited = ("Terror ended after 1953.\n\nCensorship went on, so the Thaw was limited.\n\nOn balance, it was partial, "
             "as Service wrote:\n> The system survived.")
    assert split_paragraphs(cited, str.split)[-1] == "On balance, it was partial, as Service wrote: The system survived.", (
        "a reply line has a time or an address")
    for prose in ("Thanks to the Thaw, writers were freer.", "Thank you, comrades, he said, and listed Stalin's crimes.",
                  "Hello to a new era, the press declared.", "Here is my essay's case. The Thaw was real but limited.",
                  "Here is my answer: the Thaw was limited because the one-party state survived.",
                  "I have attached my essay, which argues that the Thaw was limited.", "Dear Comrade Stalin.",
                  "Thank you, comrades.", "I have attached my essay which shows the Thaw was partial.",
                  "Hello Comrade Stalin!"):
        assert split_paragraphs(f"Terror ended.\n\n{prose}", str.split) == ["Terror ended.", prose]
    headed = "Terror ended.\nWhat the Secret Speech was about\nIt named the crimes of Stalin."
    assert split_paragraphs(headed, str.split) == ["Terror ended.", "It named the crimes of Stalin."]


@pytest.mark.parametrize("reply", [
    "> On 5 Mar 2024, at 10:02, Jamie Smith <jamie@pupil.org.uk> wrote:",
    "On Tue, 12 Mar 2024 at 09:14, Mr Evans <\nevans@school.org.uk> wrote:",
    "On Tuesday, 12 March 2024 at 09:14:32 GMT, Mr Evans\n<evans@school.org.uk> wrote:"])
def test_an_email_reply_line_in_any_of_its_shapes_is_left_out(reply):
    text = f"Terror ended after 1953.\n\n{reply}\n> The KGB remained.\n>\n> Dissidents were jailed."
    assert split_paragraphs(text, str.split) == ["Terror ended after 1953.", "The KGB remained.", "Dissidents were jailed."]
    lead_in = "Terror ended after 1953.\n\nOn 5 March 1953, Pravda wrote:\n\n\"The heart of Stalin has stopped.\""
    assert split_paragraphs(lead_in, str.split)[-1] == 'On 5 March 1953, Pravda wrote: "The heart of Stalin has stopped."'
    for timed in ("On 16 October 1962, at 8:45 in the morning, Kennedy was shown the photographs of the\nmissile sites. "
                  "Years later his brother Robert wrote:\n\"We were eyeball to eyeball.\"",
                  "On Friday 26 October 1962, at 18:00 Washington time, Khrushchev wrote:\n\"We must not pull the knot.\""):
        assert split_paragraphs(f"Terror ended.\n\n{timed}", str.split)[-1] == " ".join(timed.split())
    above = "Terror ended.\n\nOn balance, the reforms were real.\nOn 3 Jun 2024, Mr Evans <evans@school.org.uk> wrote:\n> Hi"
    assert split_paragraphs(above, str.split)[1] == "On balance, the reforms were real."


def test_scene_breaks_soft_hyphens_and_zero_width_spaces_are_left_out():
    text = ("Terror ended after 1953 and pris\u00ad\noners came home.\n\n* * *\n\nThe KGB re\u00admained.\n"
            "\u2014\u2014\u2014\nDissidents were\u200b jailed.\n\n___\n\nThe Thaw was limited.")
    assert split_paragraphs(text, str.split) == [
        "Terror ended after 1953 and prisoners came home.", "The KGB remained.", "Dissidents were jailed.",
        "The Thaw was limited."]
    ellipsis = ('In 1958 the Writers\' Union said Pasternak had "abandoned the struggle"\n...\nand "chose betrayal".\n\n'
                "The Thaw ended.")
    assert split_paragraphs(ellipsis, str.split)[0] == (
        'In 1958 the Writers\' Union said Pasternak had "abandoned the struggle" ... and "chose betrayal".')
    soft_end = "In 1956 the Secret Speech attacked the cult and shocked the delegates\u00ad\n\nThe Gulag emptied."
    assert split_paragraphs(soft_end, str.split) == [
        "In 1956 the Secret Speech attacked the cult and shocked the delegates", "The Gulag emptied."]
    lone_marks = "•\nSecret Speech attacked the cult\n•\nMillions released from the Gulag\n•\nStalin's body removed\n•\nSolzhenitsyn published"
    assert split_paragraphs(lone_marks, str.split) == [
        "• Secret Speech attacked the cult", "• Millions released from the Gulag", "• Stalin's body removed",
        "• Solzhenitsyn published"], "a bullet's mark alone on its line is put before the text under it"


@pytest.mark.parametrize("instruction", [
    "Write your answer in the box below.\n\n", "Write your answer in the box below. Continue on a separate sheet if necessary.\n\n",
    "Begin your essay on this page. Use the space below.\n", "Write your answer in the box below:\n"])
def test_a_template_instruction_is_left_out_on_its_own_line(instruction):
    text = instruction + "Khrushchev spoke in 1956. It mattered.\n\nHe freed prisoners."
    assert split_paragraphs(text, str.split) == ["Khrushchev spoke in 1956. It mattered.", "He freed prisoners."]


def test_what_is_not_the_essay_is_left_out(example_text):
    paragraphs = [p.strip() for p in example_text.split("\n\n") if p.strip()]
    front = "---\ntitle: Khrushchev essay\nauthor: Anna Smith\n---\n"
    declaration = "Declaration: I confirm that this essay is my own work and that all sources are acknowledged."
    references = "References\n\nService, R. (2009) A History of Modern Russia. London: Penguin.\n\nTaubman, W. (2003) Khrushchev."
    text = "\n\n".join([front + declaration, *paragraphs, "Word count: 563 words.", references])
    assert split_paragraphs(text, str.split) == paragraphs
    # "Sources" that opens the essay is its own subject, not a references section.
    opening = "Sources\n\nSources from the archives show that the terror ended after 1953."
    assert split_paragraphs(opening, str.split) == ["Sources from the archives show that the terror ended after 1953."]
    assert split_paragraphs("First point.\n\u3000\nSecond point.", str.split) == ["First point.", "Second point."]


def test_a_references_heading_followed_by_prose_and_a_long_conclusion_that_confirms_are_the_essay(example_text):
    paragraphs = [p.strip() for p in example_text.split("\n\n") if p.strip()]
    sources = ("References to Stalin vanished from the press after 1961, and the city of Stalingrad became Volgograd, "
               "which shows how far the leadership went in taking his image apart.")
    with_heading = "\n\n".join([*paragraphs[:4], "References", sources, *paragraphs[4:]])
    assert split_paragraphs(with_heading, str.split) == [*paragraphs[:4], sources, *paragraphs[4:]]
    conclusion = ("I confirm the view only to a limited extent. Khrushchev ended the terror and the cult, but he kept "
                  "the one-party state and his own power through the Party, so de-Stalinisation was real but limited.")
    assert split_paragraphs("\n\n".join([*paragraphs[:-1], conclusion]), str.split)[-1] == conclusion


def test_control_characters_such_as_terminal_escapes_are_dropped():
    assert split_paragraphs("The thaw\x1b]0;TITLE\x07 began\x1b[2J in 1956.\x00", str.split) == [
        "The thaw]0;TITLE began[2J in 1956."]


def test_one_block_essay_is_chunked_at_signposts(segmenter, example_text):
    paragraphs = [p.strip() for p in example_text.split("\n\n") if p.strip()]
    block = " ".join(p.strip() for p in paragraphs)
    chunks = segmenter.segment(block)
    assert 4 <= len(chunks) <= 2 * len(paragraphs)
    assert " ".join(c.text for c in chunks) == block
    assert all(len(c.text.split()) <= 180 or len(c.sentences) == 1 for c in chunks)
    # the conclusion opens with a signpost, so a chunk starts there
    assert any(c.text.startswith("In conclusion") for c in chunks)


def test_short_single_block_stays_one_paragraph(segmenter):
    text = "Khrushchev ended the terror. But the one-party state stayed."
    assert [p.text for p in segmenter.segment(text)] == [text]


def test_notes_in_bullets_are_a_paragraph_each_and_a_list_after_its_lead_in_a_sentence_each(segmenter):
    notes = ("Arguments for\n- Secret Speech 1956 - exposed Stalin's crimes\n- gulag prisoners released, rehabilitations\n"
             "- KGB under party control\n  - courts reformed 1958\n- Stalingrad renamed 1961\nFailures\n"
             "- Hungary 1956 crushed by tanks\n- still one party state\nThe system survived him.")
    assert [p.text for p in segmenter.segment(notes)] == [
        "- Secret Speech 1956 - exposed Stalin's crimes", "- gulag prisoners released, rehabilitations",
        "- KGB under party control\n- courts reformed 1958", "- Stalingrad renamed 1961",
        "- Hungary 1956 crushed by tanks\n- still one party state", "The system survived him."], (
        "a list of four or more is a paragraph per bullet, with its sub-bullets; a short one stays whole; prose after it "
        "is a paragraph")
    single_lines = ("Khrushchev ended terror.\nPolitical changes under Khrushchev:\n- prisoners came home\n"
                    "- the courts were reformed\n- the Secret Speech\nLimits to the changes:\n- the KGB stayed\n"
                    "- one party ruled\n- no self-government\nOverall, change was limited.")
    assert [p.text for p in segmenter.segment(single_lines)] == [
        "Khrushchev ended terror.",
        "Political changes under Khrushchev:\n- prisoners came home\n- the courts were reformed\n- the Secret Speech",
        "Limits to the changes:\n- the KGB stayed\n- one party ruled\n- no self-government", "Overall, change was limited."]
    wrapped = "\n".join(f"- Point {n} of the notes runs on past the end of this line, so it\n  is wrapped here." for n in range(5))
    paragraphs, chunked = segmenter.segment_essay(wrapped)
    assert len(paragraphs) == 5 and not chunked
    listed = segmenter.segment("Repression of dissent and religion also continued in several ways:\n"
                               "- churches closed from 1958\n- the KGB still watched critics and writers")
    assert [p.sentences for p in listed] == [("Repression of dissent and religion also continued in several ways:",
                                              "- churches closed from 1958", "- the KGB still watched critics and writers")]


def test_numbered_notes_are_items_and_a_numbered_title_is_a_heading():
    notes = "1) Secret Speech 1956 exposed the crimes\n2) Gulag prisoners released\n3) KGB still crushed dissent\n4) Hungary 1956"
    assert split_paragraphs(notes, str.split) == notes.split("\n"), "numbered notes were all dropped as headings"
    docs = "The reforms had limits:\n● the KGB stayed\n● churches closed\n\nThe thaw was real.\n\nBut it was partial."
    assert split_paragraphs(docs, str.split)[0] == "The reforms had limits:\n● the KGB stayed\n● churches closed", (
        "Google Docs' round bullets are bullets too")
    titled = ("1. Introduction\n\nKhrushchev spoke in 1956. It mattered.\n\n2. Economic Factors\n\nThe economy stayed planned."
              "\n\n3. Life under Khrushchev\n\nHousing was built.")
    assert split_paragraphs(titled, str.split) == [
        "Khrushchev spoke in 1956. It mattered.", "The economy stayed planned.", "Housing was built."]
    headed_notes = "Life under Khrushchev\n- Housing boom\n- More consumer goods\n\nRelations with the West\n- Cuba 1962"
    assert split_paragraphs(headed_notes, str.split) == ["- Housing boom\n- More consumer goods", "- Cuba 1962"], (
        "a heading as long as the bullets under it is no hard-wrapped line")


def test_word_and_symbol_bullets_are_items_and_words_o_under_another_mark_is_a_sub_bullet(segmenter):
    notes = ("• Secret Speech 1956 attacked the cult\no\tit shocked the delegates\no\tit leaked abroad\n"
             "• Gulag releases freed millions\n• Thaw in culture\no\tIvan Denisovich published 1962\n• Virgin Lands scheme")
    paragraphs = segmenter.segment(notes)
    assert [p.text for p in paragraphs] == [
        "• Secret Speech 1956 attacked the cult\no\tit shocked the delegates\no\tit leaked abroad",
        "• Gulag releases freed millions", "• Thaw in culture\no\tIvan Denisovich published 1962", "• Virgin Lands scheme"]
    assert paragraphs[2].sentences == ("• Thaw in culture\no\tIvan Denisovich published 1962",), (
        "a sub-bullet is read with the bullet it belongs to")
    docs = "● Secret Speech 1956\n○ closed session\n○ leaked abroad\n● Gulag releases\n○ millions home\n● Thaw\n● Virgin Lands"
    assert split_paragraphs(docs, str.split)[:2] == [
        "● Secret Speech 1956\n○ closed session\n○ leaked abroad", "● Gulag releases\n○ millions home"]
    arrows = ("✓ Secret Speech 1956\n→ led to the Hungarian rising\n✓ Gulag releases\n→ 8 million came home\n"
              "✗ KGB remained\n✗ Pasternak denied the Nobel Prize")
    assert split_paragraphs(arrows, str.split) == [
        "✓ Secret Speech 1956 → led to the Hungarian rising", "✓ Gulag releases → 8 million came home", "✗ KGB remained",
        "✗ Pasternak denied the Nobel Prize"], "an arrow carries the line above on; ticks and crosses are bullets"
    prose = ("De-Stalinisation was real in some ways.\n\nThe changes were real:\n➢The Secret Speech attacked Stalin\n"
             "\uf0b7\tThe Gulag emptied\n\nThe limits were serious:\no\tThe KGB stayed\no\tHungary was invaded in 1956")
    assert [p.sentences for p in segmenter.segment(prose)[1:]] == [
        ("The changes were real:", "➢The Secret Speech attacked Stalin", "\uf0b7\tThe Gulag emptied"),
        ("The limits were serious:", "o\tThe KGB stayed", "o\tHungary was invaded in 1956")]


def test_in_prose_a_line_starting_with_a_dash_or_naming_a_source_stays_in_its_paragraph_and_a_list_together(segmenter):
    wrapped = ("The thaw let writers publish more freely than before. Writers felt freer\n- at least for a time - than at\n"
               "any point since the 1920s.\n\nThe KGB still watched them.")
    assert split_paragraphs(wrapped, str.split) == [
        "The thaw let writers publish more freely than before. Writers felt freer - at least for a time - than at any "
        "point since the 1920s.", "The KGB still watched them."]
    quoted = '"We must abolish the cult of the individual once and for all."\n- Khrushchev, February 1956\n\nIt shocked them.'
    assert len(split_paragraphs(quoted, str.split)) == 2
    listed = segmenter.segment("Repression went on after 1956.\n\n* The KGB still arrested critics.\n"
                               "* Churches were closed in a campaign.\n\nThe thaw had limits.\n\nIn conclusion, change was limited.")
    assert [p.sentences for p in listed][1] == ("* The KGB still arrested critics.", "* Churches were closed in a campaign."), (
        "a list in an essay of prose is one paragraph, a sentence per bullet")


def test_a_lead_in_of_three_words_keeps_its_list_and_a_wrapped_line_is_no_template_instruction():
    text = ("Khrushchev changed the USSR.\n\nSeveral reforms mattered:\n- the Secret Speech\n- prisoners came home\n\n"
            "Arguments for:\n- the thaw")
    assert split_paragraphs(text, str.split) == [
        "Khrushchev changed the USSR.", "Several reforms mattered:\n- the Secret Speech\n- prisoners came home", "- the thaw"]
    wrapped = "He knew that no single\nanswer in the space of a speech would do.\n\nThe KGB stayed."
    assert split_paragraphs(wrapped, str.split) == ["He knew that no single answer in the space of a speech would do.",
                                                    "The KGB stayed."]


def test_an_essay_of_one_hard_wrapped_block_is_still_cut_into_chunks(segmenter, example_text):
    words = " ".join(example_text.split()).split()
    lines = [" ".join(words[i:i + 12]) for i in range(0, len(words), 12)]
    lines[2] = "- " + lines[2]  # a dash in the middle of a sentence, at the start of a wrapped line
    wrapped = "\n".join(lines)
    paragraphs, chunked = segmenter.segment_essay(wrapped)
    assert chunked and len(paragraphs) > 1


def test_claims_split_sentences_and_semicolons(segmenter):
    claims = segmenter.claims("Censorship eased; writers had more freedom. Prisoners were released.")
    assert claims == ["Censorship eased", "writers had more freedom.", "Prisoners were released."]


@pytest.mark.skipif(not (SHARED / "data" / "alevel-dev").is_dir(), reason="needs ../shared/data/alevel-dev")
def test_dev_essays_come_out_with_their_labelled_paragraphs(segmenter):
    for path in sorted((SHARED / "data" / "alevel-dev").glob("*.json")):
        for essay in json.loads(path.read_text())["essays"]:
            texts = [p["text"] for p in essay["paragraphs"]]
            if essay["kind"] == "no-breaks":
                continue
            assert [p.text for p in segmenter.segment("\n\n".join(texts))] == [t.strip() for t in texts]
