"""A realistic, hand-made `Report` for the renderer tests and the browser test.

Titles, PMIDs, years, DOIs and evidence sentences are real records from the ketamine snapshot
(`/work/shared/data/ketamine/records.jsonl`); journals are the DOI prefixes' journals. The
claims follow the article "How Does Ketamine Work In Treating Depression?". Stances, verdicts and
reasons are plausible hand-made outputs, not the tagger's; reviewer decisions are invented. Two
things are deliberately fake, to test the display: PMID 38194244 is flagged retracted (it is not),
and the 37872291 sentence carries a `<script>` tag, an ampersand and quotes, to test escaping.
"""

from __future__ import annotations

from collections import Counter

from litwatch.claims.evidence import EvidenceRow, Verdict
from litwatch.formats.citation import format_csl_items
from litwatch.report.model import ClaimReport, Report

XSS_SENTENCE = (
    "METHODS: Twenty-six individuals with PTSD received either ketamine (0.5mg/kg; n = 12) or the control "
    "drug midazolam (0.045mg/kg; n = 14) <script>alert(1)</script> & \"fMRI\" 'rest' | scans."
)

IV, RAC, ESK = ["intravenous"], ["racemic"], ["esketamine"]
JOURNALS = {
    "10.1037/pha": "Exp Clin Psychopharmacol",
    "10.4088/JCP": "J Clin Psychiatry",
    "10.1016/j.psychres": "Psychiatry Res",
    "10.2174/1570159X": "Curr Neuropharmacol",
    "10.1016/j.jad.": "J Affect Disord",
    "10.1016/j.euroneuro": "Eur Neuropsychopharmacol",
    "10.1136/bmjopen": "BMJ Open",
    "10.1136/bmj-": "BMJ",
    "10.1089/cap": "J Child Adolesc Psychopharmacol",
    "10.1017/S0033291": "Psychol Med",
    "10.1097/WNF": "Clin Neuropharmacol",
    "10.1055/": "Pharmacopsychiatry",
    "10.1016/j.biopsych": "Biol Psychiatry",
    "10.1016/j.jadr": "J Affect Disord Rep",
    "10.1001/jamanetworkopen": "JAMA Netw Open",
    "10.26355/eurrev": "Eur Rev Med Pharmacol Sci",
    "10.1016/j.pnpbp": "Prog Neuropsychopharmacol Biol Psychiatry",
    "10.1038/s41398": "Transl Psychiatry",
    "10.1177/0269881": "J Psychopharmacol",
    "10.1176/appi.ajp": "Am J Psychiatry",
    "10.1007/s00228": "Eur J Clin Pharmacol",
    "10.1007/s00406": "Eur Arch Psychiatry Clin Neurosci",
    "10.1007/s00213": "Psychopharmacology (Berl)",
    "10.1177/0091217": "Int J Psychiatry Med",
}

# pmid -> (title, year, doi, design, level, routes, formulations, sample size)
RECORDS: dict[str, tuple[str, int, str, str, int, list[str], list[str], int | None]] = {
    "38537759": ("Efficacy of intravenous ketamine and intranasal esketamine with dose escalation for Major depression: A systematic review and meta-analysis.", 2024, "10.1016/j.jad.2024.03.137", "meta-analysis", 1, ["intravenous", "intranasal"], ["racemic", "esketamine"], None),  # noqa: E501
    "37199914": ("Current suicide risk, but not lifetime history of attempted suicide, predicts treatment response to low-dose ketamine infusion: Post Hoc analysis of adjunctive ketamine study of Taiwanese patients with treatment-resistant depression.", 2023, "10.1037/pha0000658", "rct", 2, IV, RAC, 47),  # noqa: E501
    "39028544": ("Effects of Low-Dose Ketamine Infusion on the Positive and Negative Domains of Hopelessness and Suicidal Thoughts.", 2024, "10.4088/JCP.24m15257", "rct", 2, IV, RAC, 84),  # noqa: E501
    "39889566": ("Low-dose ketamine improved brain network integrity among patients with treatment-resistant depression and suicidal ideation.", 2025, "10.1016/j.psychres.2025.116377", "rct", 2, IV, RAC, 43),  # noqa: E501
    "37846462": ("Factors Associated with Antidepressant Effects of Ketamine: A Reanalysis of Double-Blind Randomized Placebo-Controlled Trial of Intravenous Ketamine for Treatment-Resistant Depression.", 2023, "10.1055/a-2179-8884", "rct", 2, IV, RAC, 31),  # noqa: E501
    "37872291": ("Effects of a dissociative drug on fronto-limbic resting-state functional connectivity in individuals with posttraumatic stress disorder: a randomized controlled pilot study.", 2023, "10.1007/s00213-023-06479-4", "rct", 2, IV, RAC, 26),  # noqa: E501
    "38808490": ("Efficacy of a single low dose of esketamine after childbirth for mothers with symptoms of prenatal depression: randomised clinical trial.", 2024, "10.1136/bmj-2023-078218", "rct", 2, IV, ESK, 361),  # noqa: E501
    "39946130": ("Intraoperative Esketamine and Postpartum Depression Among Women With Cesarean Delivery: A Randomized Clinical Trial.", 2025, "10.1001/jamanetworkopen.2024.59331", "rct", 2, IV, ESK, 308),  # noqa: E501
    "39318021": ("Comparison of the Antianhedonic Effects of Repeated-dose Intravenous Ketamine in Older and Younger Adults with Major Depressive Episode.", 2024, "10.2174/1570159X23666240923112548", "cohort", 3, IV, RAC, 135),  # noqa: E501
    "40767760": ("Early Response to Ketamine for Suicidal Crisis Reduces Suicidal Events at 3 Months.", 2025, "10.4088/JCP.25m15829", "cohort", 3, IV, RAC, 100),  # noqa: E501
    "39642450": ("Examining the impact of comorbid posttraumatic stress disorder on ketamine's real-world effectiveness in treatment-resistant depression.", 2024, "10.1016/j.euroneuro.2024.11.008", "cohort", 3, IV, RAC, 134),  # noqa: E501
    "38688118": ("Subcutaneous ketamine reduces suicide risk and improves functioning in depression: A proof-of-concept study.", 2024, "10.1016/j.psychres.2024.115915", "cohort", 3, ["subcutaneous"], RAC, None),  # noqa: E501
    "39581291": ("The Impact of Intravenous Ketamine on Attentional Bias: Probing Mechanisms of Rapid-Acting Antidepressant Effects in Two Clinical Studies.", 2024, "10.1016/j.biopsych.2024.10.024", "non-randomized-trial", 3, IV, RAC, 83),  # noqa: E501
    "38497863": ("Effect of Esketamine on perioperative anxiety and depression in women with systemic tumors based on big data medical background.", 2024, "10.26355/eurrev_202403_35594", "cohort", 3, IV, ESK, 112),  # noqa: E501
    "39899368": ("Ketamine Treatment for Pediatric Refractory Obsessive: Five Open Label Cases.", 2025, "10.1089/cap.2024.0127", "case-series", 4, IV, RAC, 5),  # noqa: E501
    "38194244": ("Esketamine Augmentation in Treatment-Resistant Obsessive-Compulsive Disorder: A Retrospective Chart Review.", 2024, "10.1097/WNF.0000000000000578", "case-series", 4, ["subcutaneous"], ESK, 8),  # noqa: E501
    "38969374": ("Intravenous ketamine for emergency department treatment of suicidal ideation in a paediatric population: protocol for a double-blind, randomised, placebo-controlled, parallel-arm pilot trial (KSI study).", 2024, "10.1136/bmjopen-2024-085681", "protocol", 5, IV, RAC, None),  # noqa: E501
    "38283689": ("Intramuscular ketamine vs. midazolam for rapid risk-reduction in suicidal, depressed emergency patients: Clinical trial design and rationale.", 2024, "10.1016/j.jadr.2023.100690", "protocol", 5, ["intramuscular"], RAC, 90),  # noqa: E501
    "38636712": ("Number needed to treat (NNT) for ketamine and esketamine in adults with treatment-resistant depression: A systematic review and meta-analysis.", 2024, "10.1016/j.jad.2024.04.039", "meta-analysis", 1, ["intravenous", "intranasal"], ["racemic", "esketamine"], None),  # noqa: E501
    "38140979": ("Comparison of ketamine with buprenorphine as adjunctive therapy in the treatment of comorbid major depressive disorder and opium use disorders: A randomized controlled trial.", 2023, "10.1177/00912174231225087", "rct", 2, [], RAC, 66),  # noqa: E501
    "38858391": ("A meta-analysis of the effects of ketamine on suicidal ideation in depression patients.", 2024, "10.1038/s41398-024-02973-1", "meta-analysis", 1, [], RAC, None),  # noqa: E501
    "39332580": ("Efficacy of single and repeated ketamine administration for suicidal ideation in adults with psychiatric disorders: A meta-analysis.", 2024, "10.1016/j.pnpbp.2024.111152", "meta-analysis", 1, [], RAC, None),  # noqa: E501
    "39382685": ("Efficacy of racemic ketamine or esketamine monotherapy for reducing suicidal ideation in uni- or bipolar depression: a systematic review and meta-analysis.", 2024, "10.1007/s00406-024-01920-x", "meta-analysis", 1, [], ["racemic", "esketamine"], None),  # noqa: E501
    "38117332": ("A systematic review and meta-analysis of the efficacy of ketamine and esketamine on suicidal ideation in treatment-resistant depression.", 2023, "10.1007/s00228-023-03605-1", "meta-analysis", 1, [], ["racemic", "esketamine"], 391),  # noqa: E501
    "39876682": ("Esketamine Treatment for Depression in Adults: A PRISMA Systematic Review and Meta-Analysis.", 2025, "10.1176/appi.ajp.20240515", "meta-analysis", 1, ["intranasal"], ESK, None),  # noqa: E501
    "39915491": ("Clinical trials since 2020 of rapid anti-suicidal ideation effects of ketamine and its enantiomers: a systematic review.", 2025, "10.1038/s41398-025-03255-0", "systematic-review", 1, ["intravenous", "intramuscular", "intranasal"], ["racemic", "esketamine", "arketamine"], None),  # noqa: E501
    "37875227": ("A systematic review of the incidence of medical serious adverse events in sub-anesthetic ketamine treatment of psychiatric disorders.", 2023, "10.1016/j.jad.2023.10.120", "systematic-review", 1, [], RAC, 3756),  # noqa: E501
    "39688236": ("Is there a risk of addiction to ketamine during the treatment of depression? A systematic review of available literature.", 2024, "10.1177/02698811241303597", "systematic-review", 1, ["intravenous", "intranasal", "oral"], ["racemic", "esketamine"], None),  # noqa: E501
    "37997749": ("Clinical, behavioral, and electrophysiological profiles along a continuum of suicide risk: evidence from an implicit association task.", 2023, "10.1017/S0033291723003331", "non-randomized-trial", 3, IV, RAC, 75),  # noqa: E501
    "37949235": ("Comparative efficacy, tolerability and acceptability of intravenous racemic ketamine with intranasal esketamine, aripiprazole and lithium as augmentative treatments for treatment-resistant unipolar depression: A systematic review and network meta-analysis.", 2023, "10.1016/j.jad.2023.11.023", "meta-analysis", 1, ["intravenous", "intranasal"], ["racemic", "esketamine"], None),  # noqa: E501
}  # fmt: skip


def make_row(
    pmid: str,
    stance: str,
    evidence: str,
    values: list[float] | None = None,
    rule: str = "auto",
    **extra: object,
) -> EvidenceRow:
    title, year, doi, design, level, routes, forms, n = RECORDS[pmid]
    journal = next((j for prefix, j in JOURNALS.items() if doi.startswith(prefix)), None)
    return EvidenceRow(
        pmid=pmid, title=title, year=year, journal=journal, doi=doi, design=design, evidence_level=level,
        population="human", routes=list(routes), formulations=list(forms), sample_size=n, stance=stance,
        evidence=[evidence], values=list(values or []), rule=rule, source=str(extra.get("source", "auto")),
        retracted=bool(extra.get("retracted", False)), note=extra.get("note"),  # type: ignore[arg-type]
        rejected=bool(extra.get("rejected", False)),
    )  # fmt: skip


def make_claim(claim_id: str, statement: str, quote: str, verdict: tuple[str, str], rows: list[EvidenceRow],
               value: tuple[str, float, float, str] | None = None) -> ClaimReport:  # fmt: skip
    """Years and values come from the counted rows, as `build_report` does (retracted/rejected left out)."""
    counted = [r for r in rows if not r.retracted and not r.rejected]
    for r in rows:  # the verdict's counting rule, by hand: human (all are), level 1-3, not excluded
        r.counted = r in counted and r.evidence_level <= 3
        r.why_not_counted = (
            None if r.counted
            else "retracted" if r.retracted
            else "rejected in review" if r not in counted
            else f"evidence level {r.evidence_level} ({r.design}); only levels 1-3 count"
        )  # fmt: skip
    top = sorted((r for r in rows if r.counted), key=lambda r: (r.evidence_level, -(r.sample_size or -1)))[:3]
    references = format_csl_items(
        [
            {"id": r.pmid, "type": "article-journal", "title": r.title, "container-title": r.journal or "",
             "issued": {"date-parts": [[r.year]]}, "DOI": r.doi, "PMID": r.pmid}
            for r in top
        ]
    )  # fmt: skip
    years: dict[int, Counter[str]] = {}
    for r in counted:
        if r.year is not None:
            years.setdefault(r.year, Counter())[r.design] += 1
    stances = Counter(r.stance for r in counted)
    kind, low, high, unit = value if value else (None, None, None, None)
    return ClaimReport(
        claim_id=claim_id, statement=statement, article_quote=quote, value_kind=kind, article_low=low,
        article_high=high, unit=unit,
        verdict=Verdict(verdict[0], verdict[1], [r.pmid for r in counted], {"by_stance": dict(stances)}),
        rows=sorted(rows, key=lambda r: (r.evidence_level, -(r.year or 0))),
        years={y: dict(c) for y, c in sorted(years.items())},
        values=[(lo + hi) / 2 for r in counted for lo, hi in r.values],
        references={r.pmid: ref for r, ref in zip(top, references, strict=True)},
    )  # fmt: skip


def build_sample_report() -> Report:
    dose = make_claim(
        "dose_0_5_mg_per_kg",
        "The usual antidepressant dose is 0.5 mg of ketamine per kg of body weight.",
        "The most common ratio is 0.5mg per 1 kg of a patient’s body weight.",
        ("supported", "0.5 mg/kg is the most common dose in 11 of 14 counted records, including the "
         "level-1 dose-escalation meta-analysis."),
        [
            make_row("38537759", "supports", "CONCLUSIONS: This meta-analysis suggests that IV ketamine may be efficacious at doses as low as 0.2 mg/kg, with increasing dose response at 0.5 mg/kg, without demonstrable increased benefit at 1 mg/kg, based on a small number of studies.", [0.2, 0.5, 1.0], "dose-sentence"),  # noqa: E501
            make_row("37199914", "supports", "In total, 47 patients with treatment-resistant depression (TRD), including 32 with low current suicide risk and 15 with moderate or high current suicide risk, were randomized to groups receiving a low-dose ketamine infusion of either 0.2 or 0.5 mg/kg.", [0.2, 0.5], "dose-sentence"),  # noqa: E501
            make_row("39028544", "supports", "They were randomly assigned to receive a single infusion of either 0.5 mg/kg ketamine or 0.045 mg/kg midazolam.", [0.5], "dose-sentence"),  # noqa: E501
            make_row("39889566", "supports", "METHODS: A total of 43 patients with treatment-resistant depression (TRD) and suicidal ideation (SI) were randomly assigned to receive a single infusion of either 0.5 mg/kg ketamine or 0.045 mg/kg midazolam.", [0.5], "dose-sentence"),  # noqa: E501
            make_row("37846462", "supports", "For the analysis, data were used from the participants who had received therapeutic doses of intravenous ketamine (i. e., 0.5 and 1.0 mg/kg).", [0.5, 1.0], "dose-sentence"),  # noqa: E501
            make_row("37872291", "supports", XSS_SENTENCE, [0.5], "dose-sentence"),
            make_row("38808490", "contradicts", "INTERVENTIONS: Participants were randomly assigned 1:1 to receive either 0.2 mg/kg esketamine or placebo infused intravenously over 40 minutes after childbirth once the umbilical cord had been clamped.", [0.2], "dose-compare:below"),  # noqa: E501
            make_row("39946130", "contradicts", "INTERVENTIONS: Patients in the esketamine group received an infusion of 0.25 mg/kg esketamine in 20 mL of saline over 20 minutes, whereas patients in the control group received 20 mL saline over 20 minutes.", [0.25], "accepted in review by Dr. A. Rivera", source="reviewed", note="Esketamine for postpartum depression: a different drug and setting; kept as indirect evidence."),  # noqa: E501
            make_row("39318021", "supports", "METHODS: To the best of my knowledge, this study with a total of 135 patients with major depressive episodes (MDE) is the first to compare the antianhedonic effects between younger adult (n = 116) and older (n = 19) depressed patients receiving six ketamine infusions (0.5 mg/kg over 40 min).", [0.5], "dose-sentence"),  # noqa: E501
            make_row("40767760", "supports", "Methods: We conducted an observational retrospective study including 100 adult French patients who received 1 or 2 IV ketamine infusions (0.5 mg/kg) within 1 week for a suicidal crisis between June 2022 and June 2024.", [0.5], "dose-sentence"),  # noqa: E501
            make_row("39642450", "mixed", "Therefore, we conducted a retrospective analysis of 134 patients from the Canadian Rapid Treatment Center of Excellence to compare the effectiveness of four ketamine infusions (0.5-0.75 mg/kg) in reducing symptoms of depression and PTSD in TRD patients with and without comorbid PTSD.", [0.625], "dose-sentence"),  # noqa: E501
            make_row("38688118", "supports", "The treatment regimen commenced with a ketamine dose of 0.5 mg/kg, which was adjusted according to individual responses under psychiatric supervision.", [0.5], "dose-sentence"),  # noqa: E501
            make_row("39899368", "supports", "Intervention: All participants received an IV infusion of 0.5 mg/kg ketamine hydrochloride.", [0.5], "dose-sentence"),  # noqa: E501
            make_row("38194244", "supports", "METHODS: A retrospective chart review of patients with treatment-resistant OCD receiving a single dose of esketamine (0.5mg/kg) added to standard therapy was conducted.", [0.5], "dose-sentence", retracted=True),  # noqa: E501
            make_row("38969374", "no-direction", "INTERVENTION: one intravenous dose of 0.5 mg/kg of ketamine (max 50 mg), over 40 min.", [0.5], "dose-sentence"),  # noqa: E501
        ],
        ("dose_mg_per_kg", 0.5, 0.5, "mg/kg"),
    )  # fmt: skip
    duration = make_claim(
        "infusion_45_90_min",
        "Each dose is infused over about 45 to 90 minutes.",
        "The ketamine dose is administered for about 45-90 minutes.",
        ("contradicted", "Trials infuse the dose over 40 minutes (5 of 7 durations found), shorter than the "
         "article's 45–90 minutes; only one esketamine study used 60 minutes."),
        [
            make_row("38808490", "contradicts", "INTERVENTIONS: Participants were randomly assigned 1:1 to receive either 0.2 mg/kg esketamine or placebo infused intravenously over 40 minutes after childbirth once the umbilical cord had been clamped.", [40], "duration-compare:below"),  # noqa: E501
            make_row("39946130", "contradicts", "INTERVENTIONS: Patients in the esketamine group received an infusion of 0.25 mg/kg esketamine in 20 mL of saline over 20 minutes, whereas patients in the control group received 20 mL saline over 20 minutes.", [20], "duration-compare:below"),  # noqa: E501
            make_row("39318021", "contradicts", "METHODS: To the best of my knowledge, this study with a total of 135 patients with major depressive episodes (MDE) is the first to compare the antianhedonic effects between younger adult (n = 116) and older (n = 19) depressed patients receiving six ketamine infusions (0.5 mg/kg over 40 min).", [40], "duration-compare:below"),  # noqa: E501
            make_row("39581291", "contradicts", "In study 1, treatment-seeking adults with moderate-to-severe depression (N = 40) completed the task at baseline, 1-week retest, and 1-month retest; a subset of participants (n = 15) also performed the task at 24 hours postketamine infusion (0.5 mg/kg over 40 minutes).", [40], "duration-compare:below"),  # noqa: E501
            make_row("38497863", "supports", "A moderate dose (0.7 mg/kg) of Esketamine was administered through intravenous infusion over a duration of 60 minutes.", [60], "duration-compare:inside"),  # noqa: E501
            make_row("38969374", "no-direction", "INTERVENTION: one intravenous dose of 0.5 mg/kg of ketamine (max 50 mg), over 40 min.", [40], "duration-sentence"),  # noqa: E501
            make_row("38283689", "no-direction", "However, most studies used 40 min intravenous infusions which can be impractical in a psychiatric ED.", [40], "duration-sentence"),  # noqa: E501
        ],
        ("infusion_minutes", 45, 90, "min"),
    )  # fmt: skip
    onset = make_claim(
        "onset_2_hours",
        "Depressive symptoms improve within about 2 hours of a dose.",
        "Major case studies have shown that ketamine can significantly reduce depression symptoms in about 2 "
        "hours after its administration.",
        ("partly supported", "Improvement is reported from 2–4 hours in trials and meta-analyses, but most "
         "first measure it at 4 or 24 hours, so “about 2 hours” is at the early edge of the evidence."),
        [
            make_row("38636712", "mixed", "Racemic ketamine treatments had pooled NNTs for response of 7 at 4 h, 3 from one day to one week and 9 for studies at four weeks.", [4, 24], "onset-sentence"),  # noqa: E501
            make_row("38858391", "no-direction", "There was a significant reduction in suicidal ideation within the first day after treatment (NMA ketamine day1 RR = 10.02, 95%CI = 4.24 to 23.68).", [24], "onset-sentence"),  # noqa: E501
            make_row("38140979", "supports", "The primary outcome was change in depressive symptoms assessed using the Beck Depression Inventory (BDI) after 2 hours, 24 hours, and 7 days following initiation of treatment.", [2], "onset-sentence"),  # noqa: E501
            make_row("39028544", "supports", "At 240 minutes postinfusion, the ketamine group had significantly lower BHS-negative domain scores than did the midazolam group (P = .031).", [4], "onset-sentence"),  # noqa: E501
            make_row("37199914", "no-direction", "The 17-item Hamilton Depression Rating Scale (HDRS) was used to measure depressive symptoms at baseline, at 40 and 240 min after infusion, and sequentially on Days 2-7 and 14 after ketamine infusion.", [0.667, 4], "onset-sentence"),  # noqa: E501
            make_row("39581291", "no-direction", "Participants in both studies exhibited a robust reduction in AB from pre- to 24 hours postketamine infusion.", [24], "onset-sentence"),  # noqa: E501
        ],
        ("onset_hours", 2, 2, "h"),
    )  # fmt: skip
    safety = make_claim(
        "side_effects_mild",
        "Side effects are infrequent, mild and short-lived.",
        "Accordingly, side effects are infrequent, mild, and short-term.",
        ("partly supported", "Serious adverse events are rare (about 0.1%) and effects are short-lived, but "
         "transient dissociation is common rather than infrequent, and one level-1 review raises esketamine "
         "safety signals."),
        [
            make_row("37875227", "supports", "CONCLUSIONS: Findings suggest that with basic medical screening there is a very low incidence of MSAEs including adverse cardiac or cerebrovascular events in individuals receiving sub-anesthetic ketamine for psychiatric disorders.", rule="safety-cue:low-incidence"),  # noqa: E501
            make_row("39915491", "supports", "IN and IV ketamine/S-ketamine administration appears to be well tolerated.", rule="safety-cue:well-tolerated"),  # noqa: E501
            make_row("39688236", "mixed", "Among the included population, four patients were reported to exhibit clear signs of tolerance to the antidepressant effect of ketamine or dependence on the drug, while the majority did not.", rule="safety-cue:dependence"),  # noqa: E501
            make_row("39876682", "contradicts", "Some alarming signs concerning deaths and emerging suicidality during the testing phase are discussed, along with other regulatory issues.", rule="accepted in review by Dr. A. Rivera", source="reviewed", note="Signals concern intranasal esketamine, not IV ketamine; kept because the article makes a general safety claim."),  # noqa: E501
            make_row("38688118", "supports", "The subcutaneous administration of ketamine was generally well-tolerated, with minor and short-lived side effects.", rule="safety-cue:well-tolerated"),  # noqa: E501
            make_row("39899368", "contradicts", "All participants experienced mild dissociative symptoms in the 40 minutes after the IV ketamine infusion.", rule="safety-cue:frequent"),  # noqa: E501
        ],
    )  # fmt: skip
    suicide = make_claim(
        "suicidal_thoughts",
        "Ketamine rapidly reduces suicidal thoughts.",
        "With the rapid effects that it provides, it is considered to be a better option for handling "
        "depression and even suicidal thoughts than most common treatments available today.",
        ("supported", "Three of five level-1 reviews find a reduction within a day with racemic ketamine; "
         "the negative reviews mainly concern esketamine."),
        [
            make_row("38858391", "supports", "There was a significant reduction in suicidal ideation within the first day after treatment (NMA ketamine day1 RR = 10.02, 95%CI = 4.24 to 23.68).", rule="si-cue:reduction"),  # noqa: E501
            make_row("39332580", "supports", "CONCLUSIONS: Single ketamine treatment may have a significant and lasting (up to 1 month) beneficial effect on SI.", rule="si-cue:reduction"),  # noqa: E501
            make_row("39382685", "mixed", "Our study indicated the efficacy of racemic ketamine monotherapy for rapidly and transiently reducing SI in individuals with uni- or bipolar depression, but the efficacy of racemic ketamine monotherapy against long-term suicidal ideation remains unclear.", rule="si-cue:reduction"),  # noqa: E501
            make_row("38117332", "contradicts", "CONCLUSION: This meta-analysis suggested that esketamine and ketamine have failed to reduce suicidal ideation in patients with TRD.", rule="si-cue:failed"),  # noqa: E501
            make_row("39876682", "contradicts", "The effect size concerning suicidality was not significant at any time point.", rule="si-cue:not-significant"),  # noqa: E501
            make_row("39915491", "supports", "CONCLUSION: This review affirms the time-limited, anti-SI effects of ketamine and the need for personalized treatment.", rule="si-cue:reduction"),  # noqa: E501
            make_row("39028544", "supports", "Subjective antisuicidal effects of ketamine were noted on Day 2 postinfusion.", rule="si-cue:reduction"),  # noqa: E501
            make_row("40767760", "supports", "Results: Ketamine significantly reduced depressive symptoms (β = -11; P < .001) and SI severity (β = -2.0; P < .001) at 7 days after controlling for age, sex, and number of infusions.", rule="si-cue:reduction"),  # noqa: E501
            make_row("37997749", "supports", "A proof-of-concept, open-label, pilot study of five high risk participants examined changes in gamma power after administration of ketamine (0.5 mg/kg), an NMDAR antagonist with rapid anti-suicide ideation effects.", rule="rejected in review by Dr. A. Rivera", source="reviewed", rejected=True, note="Background phrase about ketamine, not a finding of this study."),  # noqa: E501
            make_row("38283689", "no-direction", "The ER-Ketamine study we describe here is a randomized midazolam-controlled clinical trial (RCT; NCT04640636) testing intramuscular (IM) ketamine's feasibility, safety, and effectiveness to rapidly reduce suicidal ideation and depression in a psychiatric ED.", rule="si-sentence"),  # noqa: E501
        ],
    )  # fmt: skip
    better = make_claim(
        "better_than_antidepressants",
        "Ketamine works better than the most common antidepressant treatments.",
        "Many patients report finding more significant relief from ketamine infusions, and more rapidly, "
        "than from other antidepressant medications.",
        ("insufficient evidence", "No stored trial compares ketamine head-to-head with first-line "
         "antidepressants; the one network meta-analysis compares add-on treatments only."),
        [
            make_row("37949235", "no-direction", "CONCLUSIONS: Intravenous racemic ketamine may be a better augmentative treatment for treatment-resistant unipolar depression than intranasal esketamine and aripiprazole.", rule="comparison-sentence"),  # noqa: E501
        ],
    )  # fmt: skip
    mechanism = make_claim(
        "glutamate_new_pathways",
        "Ketamine boosts glutamate activity, which lets new brain pathways form.",
        "This heightened glutamate activity allows new pathways to form in areas of the brain associated "
        "with memory, learning, and mood regulation.",
        ("insufficient evidence", "No stored record bears on this claim."),
        [],
    )
    claims = [dose, duration, onset, safety, suicide, better, mechanism]
    return Report(
        claim_set="ketamine-depression (built in, 7 claims)",
        article_title="How Does Ketamine Work In Treating Depression?",
        article_source="how-does-ketamine-work-in-treating-depression.txt",
        generated_at="2025-06-02T09:30:00Z",
        database="ketamine.db",
        records_total=357,
        records_tagged=29,
        claims=claims,
    )
