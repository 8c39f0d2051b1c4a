"""Importing mark-scheme extracts: layouts written for this project, the seed page, and bad input."""

from __future__ import annotations

import re

import pytest
from conftest import DATA, SHARED

from marker import import_extract, import_scheme
from marker.errors import SchemeError
from marker.extract import find_question, heading_side, parse_extract
from marker.inputs import extract_text

EXTRACTS = DATA / "extracts"
SEED_PAGE = SHARED / "seed" / "khrushchev-model-essay-page.txt"

# What a careful reader takes from each extract: the question, then the points of each side in order.
EXPECTED = {
    "study-site-stars.txt": {
        "question": "To what extent was the Great Depression the main reason for the collapse of the Weimar Republic?",
        "for": [
            "Mass unemployment, which passed six million early in 1932, destroyed faith in the Republic's ability "
            "to govern. Voters deserted the moderate parties for the Nazis and the Communists.",
            "The Depression broke the Grand Coalition in 1930 over the cost of unemployment insurance, ending "
            "parliamentary government.",
            "Brüning's deflationary policies deepened the hardship and earned him the name 'hunger chancellor'.",
            "Without the slump the Nazis would have stayed a fringe party, as their 2.6% of the vote in 1928 shows.",
        ],
        "against": [
            "The constitution was flawed from the start: proportional representation fragmented the Reichstag and "
            "Article 48 allowed rule by decree.",
            "The conservative elites, above all Hindenburg, Papen and Schleicher, chose to bring Hitler into "
            "government in January 1933. They believed they could control him.",
            "The Republic was tied to defeat and the Treaty of Versailles, and the 'stab in the back' myth "
            "weakened it from 1919.",
            "Nazi propaganda and organisation, and Hitler's appeal as a leader, won support that economic hardship "
            "alone does not explain.",
        ],
    },
    "numbered.txt": {
        "question": "'The English Reformation of the 1530s was driven above all by Henry VIII's wish for a male heir.' "
        "How far do you agree?",
        "for": [
            "Catherine of Aragon had given Henry no surviving son by the mid-1520s, and he feared a disputed "
            "succession like the Wars of the Roses.",
            "The break with Rome came only when Clement VII, under the influence of Charles V, refused to annul "
            "the marriage.",
            "The Act in Restraint of Appeals (1533) was passed so that the annulment could be settled in England.",
            "Henry married Anne Boleyn in January 1533 because she was already pregnant with a hoped-for heir.",
        ],
        "against": [
            "Henry also wanted the wealth of the Church; the dissolution of the monasteries brought the Crown "
            "vast lands.",
            "Cromwell and Cranmer had evangelical sympathies and pushed reform further than the annulment required.",
            "Anticlerical feeling in Parliament, seen in the Commons' Supplication against the Ordinaries (1532), "
            "gave the break popular backing.",
            "Henry's belief in his imperial kingship meant he would not accept any foreign authority over his realm.",
        ],
    },
    "word-bullets.txt": {
        "question": "Was the Soviet Union mainly responsible for the outbreak of the Cold War between 1945 and 1949?",
        "for": [
            "Stalin imposed communist governments on Poland, Romania and Bulgaria, breaking the promise of free "
            "elections made at Yalta.",
            "The Berlin Blockade of 1948-49 was an attempt to force the Western allies out of the city.",
            "Soviet pressure on Iran and Turkey in 1946 suggested expansion beyond Eastern Europe.",
        ],
        "against": [
            "Truman's tough line at Potsdam and the use of the atomic bomb alarmed Moscow.",
            "The Truman Doctrine and Marshall Aid divided Europe into rival economic blocs.",
            "Soviet actions were defensive: the USSR had lost over 20 million people and wanted a buffer zone.",
        ],
    },
    "other-wordings.md": {
        "question": "To what extent did the New Deal end the Great Depression in the USA by 1941?",
        "for": [
            "Unemployment fell from about 25% in 1933 to under 15% by 1937.",
            "The Emergency Banking Act and deposit insurance ended the run on the banks.",
            "Agencies such as the CCC and the WPA gave work to millions and built roads, schools and dams.",
        ],
        "against": [
            "The recession of 1937-38 showed that recovery depended on federal spending.",
            "Unemployment was still above 14% in 1940; only rearmament for the Second World War restored full "
            "employment.",
            "African Americans and tenant farmers gained little, and some were pushed off the land by the AAA.",
        ],
    },
    "spanning-lines.txt": {
        "question": "How successful was Peel's second ministry, 1841-46?",
        "for": [
            "The reintroduction of income tax in 1842 allowed Peel to cut tariffs on hundreds of goods, and trade "
            "revived.",
            "The Bank Charter Act of 1844 gave the Bank of England control of the note issue and steadied the "
            "currency.",
            "The repeal of the Corn Laws in 1846 ended dear bread and showed Peel putting the national interest "
            "before party.",
        ],
        "against": [
            "Repeal split the Conservative party, and Peel was forced from office within weeks.",
            "The Maynooth Grant of 1845 angered Protestant backbenchers and weakened his hold on the party.",
            "His response to the Irish famine was too slow and too small to prevent mass starvation.",
        ],
    },
    "teacher-notes.txt": {
        "question": None,  # the notes do not state it: it comes from `question=`
        "for": [
            "Germany's Weltpolitik and the naval race with Britain raised tension across Europe.",
            "The 'blank cheque' of July 1914 encouraged Austria-Hungary to take a hard line with Serbia.",
            "The Schlieffen Plan meant that a war with Russia would also be a war with France.",
        ],
        "against": [
            "Austria-Hungary's ultimatum to Serbia was designed to be rejected.",
            "Russian mobilisation on 30 July turned a Balkan crisis into a European war.",
            "The alliance system and imperial rivalries drew every great power in.",
        ],
    },
    "typed-list.txt": {
        "question": "How far was the failure of the Provisional Government due to its decision to continue the war?",
        "for": [
            "Continuing the war cost the government the support of the soldiers",
            "The June Offensive of 1917 ended in defeat and mass desertion",
            "Bread shortages in the cities grew worse while the army had priority.",
        ],
        "against": [
            "Dual power with the Petrograd Soviet limited its authority",
            "Order Number One took control of the army from its officers",
            "The land question was left to a Constituent Assembly that kept being delayed",
            "Lenin's leadership and the slogan of peace, land and bread",
        ],
    },
}
GIVEN_QUESTION = "How far was Germany to blame for the outbreak of war in 1914?"


def _texts(scheme, side):
    return [point.text for point in scheme.side(side)]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_extract_layouts_import_to_their_points(name):
    expected = EXPECTED[name]
    text = extract_text((EXTRACTS / name).read_bytes(), name)
    scheme = import_scheme(text, scheme_id="imported", question=None if expected["question"] else GIVEN_QUESTION)
    assert _texts(scheme, "for") == expected["for"]
    assert _texts(scheme, "against") == expected["against"]
    assert scheme.question == (expected["question"] or GIVEN_QUESTION)
    assert scheme.point_ids == [f"F{i}" for i in range(1, len(expected["for"]) + 1)] + [
        f"A{i}" for i in range(1, len(expected["against"]) + 1)
    ]


def test_details_and_marks_come_from_the_text():
    stars = import_scheme((EXTRACTS / "study-site-stars.txt").read_text(encoding="utf-8"))
    assert (stars.level, stars.topic, stars.marks) == ("A Level", "Democracy and Dictatorship in Germany, 1918-45", None)
    assert import_scheme((EXTRACTS / "numbered.txt").read_text(encoding="utf-8")).marks == 25
    assert import_scheme((EXTRACTS / "spanning-lines.txt").read_text(encoding="utf-8")).marks == 20


def test_the_page_around_the_lists_is_skipped_and_stray_bullets_reported():
    result = import_extract((EXTRACTS / "study-site-stars.txt").read_text(encoding="utf-8"))
    # The model essay's prose sits under "Arguments for/against ..." headings too, but is not a list.
    assert [h.line for h in result.headings_used("for")] == [30]
    assert [item.text for item in result.extract.unplaced] == [
        "How far did Stresemann restore stability to Germany?",
        "Why did the Munich Putsch fail?",
    ]
    summary = "\n".join(result.summary())
    assert "Found 4 for and 4 against points; 2 more bullet points could not be placed." in summary
    assert "line 54: How far did Stresemann" in summary
    assert result.question_from_text


def test_id_comes_from_the_question_when_not_given():
    scheme = import_scheme((EXTRACTS / "spanning-lines.txt").read_text(encoding="utf-8"))
    assert scheme.id == "peel-second-ministry-1841"


def test_word_file_with_list_paragraphs(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("How far was the Treaty of Versailles responsible for the Second World War?")
    document.add_heading("Arguments for", level=2)
    document.add_paragraph("Candidates may refer to:")
    for text in ("The war guilt clause left Germans resentful of the peace.",
                 "Reparations fed the economic crises of 1923 and the early 1930s."):
        document.add_paragraph(text, style="List Bullet")
    document.add_heading("Arguments against", level=2)
    for text in ("Appeasement let Hitler break the treaty without resistance.",
                 "The Nazi-Soviet Pact of 1939 freed Hitler to invade Poland."):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "versailles.docx"
    document.save(path)

    scheme = import_scheme(extract_text(path.read_bytes(), path.name))
    assert scheme.question == "How far was the Treaty of Versailles responsible for the Second World War?"
    assert _texts(scheme, "for") == [
        "The war guilt clause left Germans resentful of the peace.",
        "Reparations fed the economic crises of 1923 and the early 1930s.",
    ]
    assert _texts(scheme, "against") == [
        "Appeasement let Hitler break the treaty without resistance.",
        "The Nazi-Soviet Pact of 1939 freed Hitler to invade Poland.",
    ]


@pytest.mark.skipif(not SEED_PAGE.exists(), reason="../shared/seed/ is not beside this checkout")
def test_seed_page_imports_to_its_five_and_five_star_bullets():
    page = SEED_PAGE.read_text(encoding="utf-8")
    # Read independently of the importer: each star bullet is a blank-line separated block of the page.
    star_blocks = [" ".join(block.split("\n"))[1:].strip() for block in re.split(r"\n\s*\n", page)
                   if block.strip().startswith("\u2b50")]
    assert len(star_blocks) == 10

    result = import_extract(page)
    scheme = result.scheme
    assert _texts(scheme, "for") == star_blocks[:5]
    assert _texts(scheme, "against") == star_blocks[5:]
    assert scheme.question.startswith("How effectively did Khrushchev") and scheme.question.endswith("1964?")
    assert result.extract.unplaced == []
    assert scheme.to_yaml().count("- id: ") == 10


def test_an_extract_pasted_twice_is_refused_in_one_short_message():
    text = (EXTRACTS / "numbered.txt").read_text(encoding="utf-8")
    with pytest.raises(SchemeError) as caught:
        import_scheme(text + "\n" + text)
    message = str(caught.value)
    assert "8 points appear twice: at lines 12 and 36" in message
    assert "and 5 more; was the extract pasted twice?" in message


@pytest.mark.parametrize(
    ("line", "side"),
    [
        ("Arguments supporting the view that Khrushchev effectively 'de-Stalinised' the USSR might include:", "for"),
        ("Arguments challenging the view that Khrushchev effectively 'de-Stalinised' the USSR include:", "against"),
        ("In support", "for"),
        ("Against:", "against"),
        ("**Points for**", "for"),
        ("## Points against", "against"),
        ("Evidence that agrees", "for"),
        ("Evidence that disagrees", "against"),
        ("Evidence that does not support the view", "against"),
        ("Evidence to support the view", "for"),
        ("Continuing the war cost the government the support of the soldiers", None),
        ("Points for (not exhaustive)", "for"),
        ("Evidence supporting the view that Khrushchev not only denounced Stalin but reformed", "for"),
        ("Factors suggesting Mussolini was strong", "for"),
        ("Counter-arguments", "against"),
        ("Arguments for and against", None),
        ("Points for / against", None),
        ("Mark scheme for Paper 1", None),
        ("Extracts from Mark Schemes", None),
        ("bottom of page", None),
        ("It will explore both the arguments supporting and challenging the view.", None),
        ("Points in agreement", "for"),
        ("Points in disagreement", "against"),
        ("Candidates could argue for the view:", "for"),
        ("Candidates may argue that the claim is unconvincing:", "against"),
        ("Strengths of the model:", "for"),
        ("Weaknesses", "against"),
        ("Yes:", "for"),
        ("No:", "against"),
        ("Strengths and weaknesses", None),
        ("Costs of the war", None),
        ("No single factor", None),
        ("'Macbeth chooses evil.' To what extent do you agree? [30 marks]", None),
    ],
)
def test_heading_side(line, side):
    assert heading_side(line) == side


def test_question_in_quotes_or_ending_in_a_question_mark():
    assert find_question(["Home | Shop", "Struggling with essays?", "“How far did Peel succeed?”"]) == (
        "How far did Peel succeed?", None
    )
    assert find_question(["Question 2: Why did the Tsar fall in 1917? (30 marks)"]) == ("Why did the Tsar fall in 1917?", 30)
    assert find_question(["No question here.", "- Is this bullet a question though?"]) == (None, None)



def test_a_question_stated_as_an_instruction_is_found():
    lines = ["Paper 2, Section B", "Explain your answer.",
             "Assess the effectiveness of Khrushchev's policy of de-Stalinisation, 1956-64. [25 marks]"]
    assert find_question(lines) == ("Assess the effectiveness of Khrushchev's policy of de-Stalinisation, 1956-64.", 25)
    assert find_question(["Assess the effectiveness of this.", "Was Khrushchev's reform of the USSR a success?"]) == (
        "Was Khrushchev's reform of the USSR a success?", None)
    numbered = "1. 'Khrushchev's de-Stalinisation achieved little.' Assess the validity of this view. [25 marks]"
    assert find_question([numbered]) == (
        "'Khrushchev's de-Stalinisation achieved little.' Assess the validity of this view.", 25)
    assert find_question(["1) How effectively did Khrushchev de-Stalinise the USSR?"]) == (
        "How effectively did Khrushchev de-Stalinise the USSR?", None)
    assert find_question(['"Evaluate the view that a minimum wage always increases unemployment."']) == (
        "Evaluate the view that a minimum wage always increases unemployment.", None)


def test_a_question_numbered_labelled_or_wrapped_over_lines_is_found_whole():
    assert find_question(["04.2  'Tourism does more harm than good to national parks.'", "Evaluate this statement. [20 marks]"]) == (
        "'Tourism does more harm than good to national parks.' Evaluate this statement.", 20)
    assert find_question(["0 3  Discuss the working memory model of short-term memory.  [16 marks]"]) == (
        "Discuss the working memory model of short-term memory.", 16)
    assert find_question(["Using Item B and your knowledge, evaluate the view that schools reproduce class. [20 marks]"]) == (
        "Using Item B and your knowledge, evaluate the view that schools reproduce class.", 20)
    assert find_question(["Evaluate the claim that miracles prove that God exists.     [40]"]) == (
        "Evaluate the claim that miracles prove that God exists.", 40)
    assert find_question(["'Hamlet delays because he thinks too much rather than", "because he is afraid.' How far do you agree? (30)",
                          "Indicative content"]) == (
        "'Hamlet delays because he thinks too much rather than because he is afraid.' How far do you agree?", 30)
    assert find_question(["Evaluate the extent to which interest rate cuts have supported growth in the",
                          "UK economy since 2020. [25 marks]", "- a bullet"]) == (
        "Evaluate the extent to which interest rate cuts have supported growth in the UK economy since 2020.", 25)


def test_a_pdf_paste_keeps_points_whole_across_page_furniture_wrapped_names_and_dashes():
    text = "\n".join([
        "'Parliament is no longer sovereign.' Evaluate this view. (30)",
        "Arguments supporting the view",
        "• Rulings such as Miller",
        "v. Secretary of State (2017) limited ministers' use of the prerogative",
        "• Membership of bodies such as the Council",
        "PAPER 1 MARK SCHEME – SUMMER 2025",
        "Page 6 of 20",
        "© Exam Board 2025",
        "of Europe binds the UK in practice",
        "• Devolution has passed power to the assemblies, which Westminster rarely overrides, as the Sewel Convention of",
        "Scotland shows",
        "Arguments challenging the view",
        "• Parliament could repeal the Human Rights Act at any time – and the",
        "– courts accept that it can",
        "8",
        "• Brexit itself showed that Parliament can undo a treaty",
        "Level 5  Candidates who challenge the view reach a sustained judgement.",
    ])
    result = import_extract(text)
    assert _texts(result.scheme, "for") == [
        "Rulings such as Miller v. Secretary of State (2017) limited ministers' use of the prerogative",
        "Membership of bodies such as the Council of Europe binds the UK in practice",
        "Devolution has passed power to the assemblies, which Westminster rarely overrides, as the Sewel "
        "Convention of Scotland shows",
    ]
    assert _texts(result.scheme, "against") == [
        "Parliament could repeal the Human Rights Act at any time – and the – courts accept that it can",
        "Brexit itself showed that Parliament can undo a treaty",
    ]
    assert result.scheme.marks == 30 and result.extract.unplaced == []


def test_word_second_level_bullets_pasted_as_o_are_bullets_or_join_the_bullet_above():
    text = "\n".join([
        "Discuss whether a sugar tax is the best way to reduce obesity. [15 marks]", "Strengths",
        "o\tIt raises the price of sugary drinks", "o\tIts revenue can fund school sport", "Limitations",
        "•\tDemand for sugary drinks is price inelastic", "o\tso consumption falls little", "•\tIt is regressive",
    ])
    result = import_extract(text)
    assert _texts(result.scheme, "for") == ["It raises the price of sugary drinks", "Its revenue can fund school sport"]
    assert _texts(result.scheme, "against") == [
        "Demand for sugary drinks is price inelastic; so consumption falls little", "It is regressive"]


def test_a_two_column_table_pasted_as_text_is_refused_with_what_to_do():
    text = "\n".join(["Evaluate the view that referendums weaken Parliament. [30 marks]",
                      "Arguments supporting the view\tArguments challenging the view",
                      "They bypass MPs\tParliament stays sovereign", "Voters lack detail\tThey are rare"])
    with pytest.raises(SchemeError, match="line 2 has a 'for' and an 'against' heading side by side.*copy each column"):
        import_extract(text)


def test_a_word_table_with_a_side_in_each_column_is_read_a_column_at_a_time(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("To what extent is rent control the best way to make housing affordable?")
    table = document.add_table(rows=3, cols=2)
    rows = [("Points for", "Points against"),
            ("It caps what tenants pay at once.", "Landlords leave the market, so supply falls."),
            ("It keeps communities together.", "Quality falls as repairs are put off.")]
    for row, texts in zip(table.rows, rows):
        for cell, cell_text in zip(row.cells, texts):
            cell.text = cell_text
    path = tmp_path / "housing.docx"
    document.save(path)

    scheme = import_scheme(extract_text(path.read_bytes(), path.name, mark_lists=True))
    assert _texts(scheme, "for") == ["It caps what tenants pay at once.", "It keeps communities together."]
    assert _texts(scheme, "against") == ["Landlords leave the market, so supply falls.", "Quality falls as repairs are put off."]


def test_bullets_ending_on_a_particle_lettered_c_and_copyright_points_stay_points_of_their_own():
    text = "\n".join([
        "How far was the slump the main reason for Nazi success by 1933?", "Points for",
        "- Voters lost faith in the Republic once the slump set in", "- The unemployed had nowhere else to turn to",
        "- Farmers hit by falling prices were won over by", "Against",
        "(a) Hitler's speeches", "(b) Goebbels' propaganda", "(c) Copyright of the Horst Wessel song earned the party money",
        "(d) Backstairs intrigue made Hitler Chancellor",
    ])
    result = import_extract(text)
    assert _texts(result.scheme, "for") == [
        "Voters lost faith in the Republic once the slump set in", "The unemployed had nowhere else to turn to",
        "Farmers hit by falling prices were won over by"]
    assert len(result.scheme.side("against")) == 4 and result.extract.unplaced == []


@pytest.mark.parametrize("sub_heading", ["Costs", "Criticisms", "Strengths of the policy", "The Munich Agreement",
                                         "Groups in opposition to the regime"])
def test_a_topic_sub_heading_in_a_list_does_not_open_a_side(sub_heading):
    text = "\n".join(["How far was appeasement a mistake?", "Arguments supporting the view", "- Hitler was not satisfied",
                      sub_heading, "- Rearmament was delayed", "Arguments challenging the view", "- Britain was not ready"])
    extract = parse_extract(text)
    assert [heading.text for heading in extract.headings] == ["Arguments supporting the view", "Arguments challenging the view"]
    assert [item.text for item in extract.points("against")] == ["Britain was not ready"]


def test_level_descriptors_and_a_summary_grid_line_do_not_become_lists():
    text = "\n".join([
        "'Peel was a great Prime Minister.' Assess the validity of this view. [25 marks]",
        "Arguments for\tArguments against", "", "Arguments for", "- The Corn Laws were repealed", "Arguments against",
        "- He split the Conservative party", "", "Level 5: Convincing and sustained analysis",
        "- Answers show a very good understanding of the period",
    ])
    result = import_extract(text)
    assert _texts(result.scheme, "for") == ["The Corn Laws were repealed"]
    assert _texts(result.scheme, "against") == ["He split the Conservative party"]


def test_a_question_is_joined_only_with_the_lines_it_is_cut_from():
    assert find_question(["To what extent was Stalin responsible for the Great Terror", "Posted by Mr Ellis on 12 March"])[0] == (
        "To what extent was Stalin responsible for the Great Terror")
    assert find_question(["Assess the reasons why the Liberal Party declined in the years 1914-29",
                          "Arguments supporting the view that the war was the main reason"])[0] == (
        "Assess the reasons why the Liberal Party declined in the years 1914-29")
    assert find_question(["0 4   To what extent was Henry VIII the main reason for the changes in religion in",
                          "      England in the 1530s", "This question is marked out of 25."])[0] == (
        "To what extent was Henry VIII the main reason for the changes in religion in England in the 1530s")


def test_a_word_cover_table_gives_details_and_a_level_grid_does_not(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for rows in ([("Level", "Marks", "Descriptor"), ("5", "21-25", "A very good answer")],
                 [("Board", "AQA"), ("Level", "A Level"), ("Topic", "Revolution and dictatorship")]):
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, texts in zip(table.rows, rows):
            for cell, cell_text in zip(row.cells, texts):
                cell.text = cell_text
    for line in ("'Lenin's leadership won the Civil War.' Assess the validity of this view. [25 marks]", "Points for",
                 "- Brest-Litovsk bought time", "Points against", "- Trotsky built the Red Army"):
        document.add_paragraph(line)
    path = tmp_path / "civil-war.docx"
    document.save(path)

    scheme = import_scheme(extract_text(path.read_bytes(), path.name, mark_lists=True))
    assert (scheme.board, scheme.level, scheme.topic) == ("AQA", "A Level", "Revolution and dictatorship")


def test_a_short_question_is_taken_when_there_is_no_other():
    assert find_question(["Homework", "Is homework useful?", "For", "- Practice"]) == ("Is homework useful?", None)
    assert find_question(["Any questions?", "Why did the Tsar fall in 1917?"]) == ("Why did the Tsar fall in 1917?", None)


def test_a_heading_that_restates_a_negative_question_stays_on_the_for_side():
    extract = "\n".join([
        "'Khrushchev did not really de-Stalinise the USSR.' Assess the validity of this view.",
        "Arguments supporting the view that Khrushchev did not de-Stalinise:",
        "- The one-party state and the KGB remained",
        "Arguments challenging the view:",
        "- The Secret Speech denounced Stalin",
    ])
    scheme = import_scheme(extract)
    assert _texts(scheme, "for") == ["The one-party state and the KGB remained"]
    assert _texts(scheme, "against") == ["The Secret Speech denounced Stalin"]
    heading = "Arguments supporting the view that Khrushchev did not de-Stalinise:"
    assert heading_side(heading, "How effectively did Khrushchev de-Stalinise the USSR?") == "against"


def test_the_summary_counts_in_plain_english():
    result = import_extract("In support\n- The war\n\nA line of prose.\n- Stray bullet\nAgainst\n- Bread riots",
                            question="Why did the Tsar fall in 1917?")
    summary = result.summary()
    assert "Could not place 1 bullet point (not under a for/against heading):" in summary
    assert "Skipped 1 line of other text (headings, prose, page furniture)." in summary

def test_bullets_of_every_kind_and_lines_that_run_on():
    text = "\n".join([
        "Why did the war start?", "For", "* star bullet", "- dash bullet", "• dot bullet", "· middle dot",
        "1. numbered", "2) numbered too", "a) lettered", "(b) lettered too", "✔ ticked and",
        "  running over a line", "Against", "\uf0b7\tpasted from Word",
    ])
    extract = parse_extract(text)
    assert [item.text for item in extract.points("for")] == [
        "star bullet", "dash bullet", "dot bullet", "middle dot", "numbered", "numbered too", "lettered",
        "lettered too", "ticked and running over a line",
    ]
    assert [item.text for item in extract.points("against")] == ["pasted from Word"]


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("", ["the extract is empty"]),
        ("  \n\t\n", ["the extract is empty"]),
        ("Why did Rome fall in the end?\n- Invasions\n- Plague\n", ["found 2 bullet points but no for/against headings"]),
        ("Why did Rome fall in the end?\nFor:\n- Invasions\n- Plague\n",
         ["found 2 'for' points but no 'against' points", "no 'against' heading"]),
        ("Why did Rome fall in the end?\nFor:\n- Invasions\nAgainst:\nThe East survived.\n",
         ["found 1 'for' points but no 'against' points", "'Against' (line 4) has no bullet points under it"]),
        ("Why did Rome fall in the end?\nFor:\n- Invasions\n- Plague\nAgainst:\n- The East survived\n- invasions.\n",
         ["1 point appears twice: at lines 3 and 7", "remove the repeated copy"]),
        ("For:\n- Invasions\nAgainst:\n- The East survived\n", ["no question found", "--question"]),
    ],
)
def test_bad_extracts_say_what_was_and_was_not_found(text, messages):
    with pytest.raises(SchemeError) as caught:
        import_scheme(text)
    for message in messages:
        assert message in str(caught.value)


def test_numbered_quoted_view_with_an_instruction_line_is_the_question():
    lines = ["0 1  'Mussolini won power in 1922-26 mainly because his opponents were weak.'",
             "Assess the validity of this view.  [25 marks]"]
    assert find_question(lines) == (
        "'Mussolini won power in 1922-26 mainly because his opponents were weak.' Assess the validity of this view.",
        25,
    )


def test_an_empty_bullet_is_skipped_without_ending_its_list():
    text = "\n".join(["Why did the war start?", "For:", "- Alliances", "-", "- Militarism", "•", "Against:",
                      "1. Accident", "2.", "3. Nationalism"])
    extract = parse_extract(text)
    assert [item.text for item in extract.points("for")] == ["Alliances", "Militarism"]
    assert [item.text for item in extract.points("against")] == ["Accident", "Nationalism"]
    assert extract.unplaced == []


def test_sub_bullets_join_their_parent_and_a_title_line_ends_a_list():
    text = "\n".join([
        "Why did the Tsar fall in 1917?", "For:", "- The war", "  - defeats at Tannenberg", "  - the Tsar took command.",
        "- Rasputin:", "  * his hold over the Tsarina", "Economic Factors", "- Inflation", "Against:", "- Bread riots",
    ])
    result = import_extract(text)
    assert _texts(result.scheme, "for") == [
        "The war; defeats at Tannenberg; the Tsar took command.", "Rasputin: his hold over the Tsarina",
    ]
    # A list's own sub-heading cannot be told from a page's "Related essays" or "Share", nor its side from its
    # words ("Continuity" under "For"): its bullets are reported, not guessed.
    assert [(item.line, item.text) for item in result.extract.unplaced] == [(9, "Inflation")]
    assert _texts(result.scheme, "against") == ["Bread riots"]


@pytest.mark.parametrize("closing", ["Other relevant material", "Any other valid points", "Credit other valid points."])
def test_a_list_of_no_side_ends_the_list_and_the_summary_says_how_to_keep_its_bullets(closing):
    text = "\n".join(["How far did Khrushchev de-Stalinise the USSR?", "Arguments for", "- Secret Speech", "- Gulag releases",
                      closing, "- Khrushchev's fall was peaceful", "Arguments against", "- KGB"])
    result = import_extract(text)
    assert _texts(result.scheme, "for") == ["Secret Speech", "Gulag releases"]
    assert [item.text for item in result.extract.unplaced] == ["Khrushchev's fall was peaceful"]
    assert "  To keep them, put them under a for or against heading and import again, or add them to the scheme file." in (
        result.summary())


def test_a_wrapped_bullet_carries_on_to_a_capitalised_line_after_a_preposition_or_one_that_is_no_title():
    text = "\n".join([
        "How effectively did Khrushchev de-Stalinise the USSR in the years 1956 to 1964? [25 marks]",
        "Evidence supporting the view that Khrushchev was effective in de-Stalinising the USSR in these years",
        "- political prisoners were rehabilitated in large numbers following",
        "Beria's execution in December 1953",
        "- the 1956 Secret Speech at the Twentieth Party Congress, held in closed session, denouncing",
        "Stalin's cult of personality and his crimes", "- Stalin's body was removed from the Mausoleum in 1961",
        "- Khrushchev ended Stalin's quarrel with", "Tito's Yugoslavia", "Evidence against the view", "- the KGB continued and dissent was crushed, as at", "Novocherkassk in 1962",
        "- the apparatus of the one-party state was never dismantled, and the Party kept its grip on",
        "Soviet society, its press and its courts", "- Soviet troops crushed the rising and a new leader was installed in",
        "Hungary in November 1956", "- Pasternak was barred from the Nobel Prize",
    ])
    result = import_extract(text)
    assert _texts(result.scheme, "for") == [
        "political prisoners were rehabilitated in large numbers following Beria's execution in December 1953",
        "the 1956 Secret Speech at the Twentieth Party Congress, held in closed session, denouncing Stalin's cult of "
        "personality and his crimes",
        "Stalin's body was removed from the Mausoleum in 1961", "Khrushchev ended Stalin's quarrel with Tito's Yugoslavia"]
    assert _texts(result.scheme, "against") == [
        "the KGB continued and dissent was crushed, as at Novocherkassk in 1962",
        "the apparatus of the one-party state was never dismantled, and the Party kept its grip on Soviet society, its "
        "press and its courts", "Soviet troops crushed the rising and a new leader was installed in Hungary in November 1956",
        "Pasternak was barred from the Nobel Prize"]
    assert result.extract.unplaced == []


def test_an_outline_bullet_with_points_under_it_is_a_side_heading_but_a_lone_one_is_a_point():
    text = "\n".join([
        "Why did the Tsar fall in 1917?", "- Points for", "  - The war", "  - Rasputin", "- Points against",
        "  - Bread riots", "- Support from the army collapsed",
    ])
    result = import_extract(text)
    assert _texts(result.scheme, "for") == ["The war", "Rasputin"]
    assert _texts(result.scheme, "against") == ["Bread riots", "Support from the army collapsed"]


@pytest.mark.parametrize("given", [None, b"Points for", DATA / "extracts" / "word-bullets.txt"])
def test_an_extract_that_is_not_text_is_a_type_error_that_says_what_to_give(given):
    with pytest.raises(TypeError, match=r"an extract is its text \(a str\), not .*marker scheme import FILE"):
        import_extract(given)
