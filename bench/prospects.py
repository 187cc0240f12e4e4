"""Prospect descriptions written from telco account attributes, the way a salesperson might jot them down.

No tenure and no charges-to-date (a prospect has neither). Phrasing varies by a seeded choice so the
extractor is not reading one fixed template.
"""

from __future__ import annotations

import random

SERVICES = [("OnlineSecurity", "online security"), ("OnlineBackup", "online backup"),
            ("DeviceProtection", "device protection"), ("TechSupport", "tech support"),
            ("StreamingTV", "streaming TV"), ("StreamingMovies", "streaming movies")]


def prospect_text(row, rng: random.Random) -> str:
    bits = []
    who = "senior citizen" if int(row["SeniorCitizen"]) == 1 else rng.choice(["working-age customer", "not a senior"])
    bits.append(f"{row['gender']} {who}" if rng.random() < 0.5 else who)
    bits.append(rng.choice(["has a partner", "with partner"]) if row["Partner"] == "Yes"
                else rng.choice(["no partner", "lives without a partner"]))
    bits.append("with dependents" if row["Dependents"] == "Yes" else rng.choice(["no dependents", "without dependents"]))
    if row["PhoneService"] == "Yes":
        bits.append("wants phone service" + (" with multiple lines" if row["MultipleLines"] == "Yes" else ""))
    else:
        bits.append("no phone service")
    if row["InternetService"] != "No":
        bits.append(f"{row['InternetService']} internet")
        extras = [name for col, name in SERVICES if row[col] == "Yes"]
        missing = [name for col, name in SERVICES if row[col] == "No"]
        if extras:
            bits.append("interested in " + ", ".join(extras))
        if missing and rng.random() < 0.6:
            bits.append("no " + rng.choice(missing))
    else:
        bits.append("no internet service")
    bits.append(rng.choice([f"{row['Contract']} contract", f"prefers a {row['Contract'].lower()} contract"]))
    bits.append(rng.choice(["pays by ", "payment: "]) + row["PaymentMethod"].lower())
    bits.append("paperless billing" if row["PaperlessBilling"] == "Yes" else "wants paper bills, no paperless billing")
    rng.shuffle(bits)
    return ". ".join(b[:1].upper() + b[1:] for b in bits) + "."
