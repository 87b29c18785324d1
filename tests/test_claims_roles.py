"""Roles of unlabelled sentences: the word-start form of the role patterns finds what the plain
alternation ("\\bA|\\bB|...") finds."""

from __future__ import annotations

import re

import pytest
from stance_helpers import real_stance, snapshot_stance, stance_of

from litwatch.claims import roles
from litwatch.claims.text import split_sentences

ABSTRACT = (
    "Ketamine has been shown to act within hours. We aimed to test repeated infusions. "
    "Patients were randomized to ketamine or midazolam. Scores decreased (p<0.05; 95 % CI 2-4). "
    "In conclusion, ketamine may help. Is it safe?"
)


def test_unlabelled_abstract_roles() -> None:
    sentences = split_sentences("Ketamine for depression", ABSTRACT)
    assert roles.infer_roles(sentences) == [
        "title",
        "background",
        "objective",
        "methods",
        "results",
        "conclusions",
        "objective",
    ]


@pytest.mark.parametrize(
    "text",
    ["p<0.05", "xp < 1", "95 %", "195 %", "n = 3", "an = 3", "mean ± sd", "12%", "no numbers here", ""],
)
def test_stats_pattern_matches_like_the_plain_alternation(text: str) -> None:
    plain = re.compile(r"\bp\s*[<=>≤]|\b95\s*%|\d\s*%|\bn\s*=\s*\d|±")
    assert bool(roles._STATS_RE.search(text)) == bool(plain.search(text))
    assert roles._word_start("a", "b") == r"\b(?:a|b)"


def test_a_labelled_result_inside_brackets_is_no_heading() -> None:
    # 38052767: "only patients without melancholic features (MADRS item 10: ..., p = 0.017; CSSRS-ISS:
    # ..., p = 0.008) benefited from the antisuicidal effect" was cut at "CSSRS-ISS:" as if a heading
    # began there, so the "only" lost its verb; an upper-case known heading still starts a section
    abstract = (
        "RESULTS: Only patients without melancholic features (MADRS item 10: group effect, p = 0.017; "
        "CSSRS-ISS: group effect, p = 0.008) benefited from ketamine. CONCLUSIONS: It helped some."
    )
    got = [(s.section, s.text) for s in split_sentences("Ketamine for suicidal ideation", abstract)][1:]
    assert got == [
        (
            "results",
            "Only patients without melancholic features (MADRS item 10: group effect, p = 0.017; CSSRS-ISS: "
            "group effect, p = 0.008) benefited from ketamine.",
        ),
        ("conclusions", "It helped some."),
    ]
    assert snapshot_stance("38052767", "suicidal-thoughts") == "mixed"


def test_a_heading_joined_by_and_starts_a_section() -> None:
    # protocols head their sections "Methods and analysis:"; the dose and infusion time stated there
    # are the methods', not the introduction's
    abstract = (
        "Introduction: Ketamine needs an infusion pump. Methods and analysis: Adults will receive ketamine "
        "0.5 mg/kg infused over 40 minutes. Ethics and dissemination: Results will be published."
    )
    got = [(s.section, s.text) for s in split_sentences("A protocol", abstract)][1:]
    assert got == [
        ("background", "Ketamine needs an infusion pump."),
        ("methods", "Adults will receive ketamine 0.5 mg/kg infused over 40 minutes."),
        ("methods", "Ethics and dissemination: Results will be published."),
    ]


def test_a_heading_or_sentence_after_a_stop_with_no_space_starts_anew() -> None:
    # 40844815 (recent set, dev): "... in Baltimore, Maryland.Methods: Participants underwent a 2-week
    # ketamine regimen (0.5 mg/kg infusion over 40 min ...)" hid the methods in the objective; some
    # exports join an abstract's paragraphs with no space ("therapies.However, it can be confusing")
    abstract = (
        "Objectives: We describe three patients in Baltimore, Maryland.Methods: Participants received "
        "ketamine 0.5 mg/kg infused over 40 min.Results: Ketamine was safe.However, one patient left. "
        "Dose was 0.5 mg/kg i.v. Ketamine helped."
    )
    got = [(s.section, s.text) for s in split_sentences("A case series", abstract)][1:]
    assert got == [
        ("objective", "We describe three patients in Baltimore, Maryland."),
        ("methods", "Participants received ketamine 0.5 mg/kg infused over 40 min."),
        ("results", "Ketamine was safe."),
        ("results", "However, one patient left."),
        ("results", "Dose was 0.5 mg/kg i.v. Ketamine helped."),
    ]
    assert real_stance("40844815", "infusion-45-90-min") == "contradicts"
    assert real_stance("40844815", "dose-0-5-mg-kg") == "supports"


def test_who_received_what_is_methods_however_the_patients_are_described() -> None:
    # "38 patients with treatment-resistant depression received ketamine 0.5 mg/kg and saline, each
    # infused over 40 min": the study's dose and infusion time, though no heading says so
    abstract = (
        "In this substudy of a crossover trial, 38 patients with treatment-resistant depression received "
        "ketamine 0.5 mg/kg and saline, each infused over 40 min. Gamma power rose after ketamine."
    )
    sentences = split_sentences("Gamma power after ketamine", abstract)
    assert roles.infer_roles(sentences)[1] == "methods"
    assert stance_of(abstract, "infusion-45-90-min") == "contradicts"


def test_up_to_a_number_of_infusions_received_is_methods() -> None:
    abstract = (
        "Eighteen patients with bipolar I or II disorder in a current depressive episode, maintained on "
        "therapeutic lithium or valproate, received up to four infusions of ketamine 0.5 mg/kg over 40 "
        "minutes over two weeks. Mean MADRS fell from 30.5 at baseline to 17.8 after the last infusion."
    )
    sentences = split_sentences("Intravenous ketamine for bipolar depression: a case series", abstract)
    assert roles.infer_roles(sentences)[1] == "methods"
