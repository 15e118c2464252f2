"""Fictional contracts for the generated demo data set: invented areas and parties, no people.

Every name says "Demo" and every contract is marked ``example``. A contract draws 3–6
activities from a small catalogue; across its activities the meeting cadences and duties use
every kind of schedule (per year, every N days/weeks/months, once, as needed, ongoing).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from domain.terms import ContractTerms

FOCUS_AREAS = [
    "Udsatte grupper",
    "Tryghed og trivsel",
    "Uddannelse og beskæftigelse",
    "Børn, unge og familie",
    "Sammenhængskraft og medborgerskab",
]

# key, name, purpose
ACTIVITIES = [
    ("lektiecafe", "Lektiecafé", "Lektiehjælp for børn og unge i boligområdet."),
    ("beboerraadgivning", "Beboerrådgivning", "Rådgivning om økonomi, husleje og breve fra det offentlige."),
    ("social-vicevaert", "Social vicevært", "Tidlig kontakt til beboere i huslejerestance."),
    ("jobcafe", "Jobcafé", "Vejledning om job og uddannelse i samarbejde med jobcentret."),
    ("fritidsjob", "Fritidsjobformidling", "Formidling af fritidsjob til unge mellem 13 og 17 år."),
    ("sundhedscafe", "Sundhedscafé", "Sundhedsfremmende aktiviteter og brobygning til forebyggelsestilbud."),
    ("frivillignetvaerk", "Frivilligkoordinering", "Rekruttering og støtte af frivillige i boligområdet."),
    ("foraeldrenetvaerk", "Forældrenetværk", "Netværk og forældrekurser for familier i boligområdet."),
    ("tryghedsvandring", "Tryghedsvandringer", "Fælles vandringer med politi, kommune og beboere."),
]

# The meeting cadence of the first activity is always a network meeting a few times a year.
NETWORK = {"kind": "per_year", "times": 3}
CADENCES: list[dict[str, Any]] = [
    {"kind": "per_year", "times": 1},
    {"kind": "per_year", "times": 2},
    {"kind": "per_year", "times": 4},
    {"kind": "every", "interval": 14, "unit": "days"},
    {"kind": "every", "interval": 6, "unit": "weeks"},
    {"kind": "every", "interval": 2, "unit": "months"},
    {"kind": "every", "interval": 3, "unit": "months"},
    {"kind": "once"},
    {"kind": "as_needed"},
    {"kind": "ongoing"},
]
# key suffix, description, schedule
DUTIES: list[tuple[str, str, dict[str, Any]]] = [
    ("status", "Sender en kort status til forummet.", {"kind": "per_year", "times": 2}),
    ("aarsrapport", "Udarbejder en årsrapport med resultaterne.", {"kind": "per_year", "times": 1}),
    ("opgoerelse", "Opgør deltagertal hver måned.", {"kind": "every", "interval": 1, "unit": "months"}),
    ("opfoelgning", "Holder et kvartalsvist opfølgningsmøde.", {"kind": "every", "interval": 3, "unit": "months"}),
    ("kontaktliste", "Udarbejder en kontaktliste og en fast dagsorden.", {"kind": "once"}),
    ("oplaeg", "Holder oplæg i boligafdelingerne efter behov.", {"kind": "as_needed"}),
    ("kontakt", "Kontakter forvaltningen, når en beboer kan have brug for hjælp.", {"kind": "ongoing"}),
]  # fmt: skip
# key, name, unit, direction, baseline, target
INDICATORS = [
    ("udsaettelser", "Antal udsættelser", "udsættelser pr. år", "decrease", 40, 25),
    ("tryghed", "Andel beboere der føler sig trygge", "procent", "increase", 68, 80),
    ("beskaeftigelse", "Beskæftigelsesfrekvens blandt beboere 16-64 år", "procent", "increase", 52, 60),
    ("deltagere", "Deltagere i aktiviteterne", "deltagere pr. kvartal", "increase", 120, 200),
    ("klagesager", "Antal klagesager", "klagesager pr. år", "decrease", 30, 18),
]
FUNDING = [
    [("lbf", "75"), ("municipality", "12.5"), ("housing_organisations", "12.5")],
    [("lbf", "60"), ("housing_organisations", "40")],
]


def contract_key(seed: int, number: int) -> str:
    return f"demo-s{seed}-{number:05d}"


def synthetic_terms(rng: random.Random, seed: int, number: int, start: date, end: date) -> ContractTerms:
    """One fictional contract in force from ``start`` to ``end``."""
    area = f"Demoby {number}"
    focus = rng.choice(FOCUS_AREAS)
    forum = f"Demo Boligsocialt Forum {area}"
    parties = _parties(rng, number)
    activities = [_activity(rng, i, template, parties, start) for i, template in enumerate(_pick_activities(rng))]
    plans = [_plan(rng, area, suffix, start, end, activities) for suffix in rng.choice([["nord"], ["nord", "syd"]])]
    return ContractTerms.model_validate(
        {
            "title": f"Demo: Kontrakt om {focus.lower()} i {area} (fiktiv)",
            "urban_area": area,
            "focus_area": focus,
            "period": {"start": start, "end": end},
            "example": True,
            "source": f"Demo: genereret af 'forum demo generate' (seed {seed}); ikke en rigtig kontrakt",
            "overall_goals": [f"Demo: Et trygt og godt boligområde i {area}."],
            "coordinating_forum": forum,
            "revising_forum": forum,
            "parties": parties,
            "plans": plans,
            "activities": activities,
            "goals": _goals(rng, activities),
        }
    )


def _parties(rng: random.Random, number: int) -> list[dict[str, Any]]:
    municipality = f"Demo Kommune {number}"
    parties: list[dict[str, Any]] = [
        {"key": "boligselskab", "name": f"Demo Boligselskab {number}", "kind": "housing_organisation"},
        {"key": "sof", "name": f"{municipality} – Socialforvaltningen", "kind": "municipal_administration",
         "units": [{"key": "voksenteam", "name": "Demo Voksenteam"}]},
        {"key": "buf", "name": f"{municipality} – Børne- og Ungdomsforvaltningen", "kind": "municipal_administration"},
    ]  # fmt: skip
    if rng.random() < 0.6:
        parties.append({"key": "boligforening", "name": f"Demo Boligforening {number}", "kind": "housing_organisation"})
    if rng.random() < 0.4:
        parties.append({"key": "forening", "name": f"Demo Frivilligforening {number}", "kind": "other"})
    return parties


def _pick_activities(rng: random.Random) -> list[tuple[str, str, str]]:
    return rng.sample(ACTIVITIES, rng.randint(3, 6))


def _activity(
    rng: random.Random, index: int, template: tuple[str, str, str], parties: list[dict[str, Any]], start: date
) -> dict[str, Any]:
    key, name, purpose = template
    keys = [p["key"] for p in parties]
    convener = rng.choice(["boligselskab", "sof"])
    frequency = NETWORK if index == 0 else _dated(rng.choice(CADENCES), rng, start)
    cadence: dict[str, Any] = {
        "key": f"{key}-moede",
        "name": f"Demo: Møde om {name.lower()}",
        "frequency": frequency,
        "conveners": [convener],
        "participants": sorted(set(rng.sample(keys, min(3, len(keys)))) | {convener}),
        "location": f"Demo: Beboerhuset, {name}",
    }
    duties = [
        {
            "key": f"{convener}-indkalde-{key}-moede",
            "party": convener,
            "description": f"Demo: Indkalder til møde om {name.lower()}.",
            "schedule": {"kind": "convene", "cadence": cadence["key"]},
        }
    ]
    for suffix, description, schedule in rng.sample(DUTIES, rng.randint(1, 3)):
        duties.append(
            {
                "key": f"{key}-{suffix}",
                "party": rng.choice(keys),
                "description": f"Demo: {description}",
                "schedule": _dated(schedule, rng, start),
            }
        )
    return {
        "key": key,
        "name": name,
        "purpose": f"Demo: {purpose}",
        "staff_functions": [{"party": convener, "description": f"Demo: Tovholder på {name.lower()}."}],
        "cadences": [cadence],
        "responsibilities": duties,
        "locations": [f"Demo: Beboerhuset, {name}"],
        "revision_body": "Demo Boligsocialt Forum",
    }


def _dated(frequency: dict[str, Any], rng: random.Random, start: date) -> dict[str, Any]:
    """A 'once' schedule gets its date a few months into the period."""
    if frequency["kind"] != "once":
        return frequency
    return {"kind": "once", "by": start + timedelta(days=rng.randint(60, 200))}


def _plan(
    rng: random.Random, area: str, suffix: str, start: date, end: date, activities: list[dict[str, Any]]
) -> dict[str, Any]:
    total = rng.randint(15, 60) * 100_000_00  # 1.5–6 mio. kr. in øre
    funded = rng.choice(FUNDING)
    allocated = rng.sample(activities, min(3, len(activities)))
    return {
        "key": f"helhedsplan-{suffix}",
        "name": f"Demo: Boligsocial helhedsplan {area} {suffix.capitalize()}",
        "period": {"start": start, "end": end},
        "parties": ["boligselskab"],
        "budget_frame": {
            "total": total,
            "funders": [{"funder": f, "percent": p} for f, p in funded],
            "allocations": [{"activity": a["key"], "amount": total * 15 // 100} for a in allocated],
        },
    }


def _goals(rng: random.Random, activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    chosen = rng.sample(INDICATORS, rng.randint(1, 3))
    return [
        {
            "key": f"maal-{key}",
            "text": f"Demo: {name} skal udvikle sig i den ønskede retning.",
            "activity": rng.choice(activities)["key"],
            "indicators": [
                {"key": key, "name": name, "unit": unit, "direction": direction, "baseline": base, "target": target}
            ],
        }
        for key, name, unit, direction, base, target in chosen
    ]
