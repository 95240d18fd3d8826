"""Relationship trends: per person (improving / stable / slipping between the meetings that speak of them, from
the attitude the notes give them and the warmth of the words around them) and for the account (the warmth of each
meeting's words, and which way the people moved), each with the statements that show it."""
from __future__ import annotations

import numpy as np

from features.accounts.cues import stances_in, warmth

RANK = {"sceptic": -1, "neutral": 0, "supporter": 1}
TREND_STEP = 0.5  # change in warmth per meeting (cues per meeting) that counts as an account trend
PEOPLE_WEIGHT = 1.0  # a move of the people counts as much as the slope of meeting warmth
# (chosen on corpus/accounts: 0.571 -> 0.714)


def person_trend(moments: list[tuple[int, str, str]]) -> tuple[str, tuple[str, ...]]:
    """(trend, evidence) from (meeting index, date, the person's own words) in meeting order.

    The attitude the notes give first and last decides ("moved from sceptic to neutral" in one note counts);
    without a change of attitude, the warmth of the last meeting against the meetings before it."""
    ranks, warm, evidence = [], {}, []
    for mi, date, text in moments:
        found = [RANK[s] for s in stances_in(text)]
        w = warmth(text)
        ranks += [(mi, r) for r in found]
        warm[mi] = warm.get(mi, 0) + w
        if found or w:
            evidence.append(f"{date}: {text}")
    if len(ranks) >= 2 and ranks[-1][1] != ranks[0][1]:
        trend = "improving" if ranks[-1][1] > ranks[0][1] else "slipping"
    elif len(warm) >= 2:
        order = sorted(warm)
        before = float(np.mean([warm[m] for m in order[:-1]]))
        diff = warm[order[-1]] - before
        trend = "improving" if diff >= 1 else "slipping" if diff <= -1 else "stable"
    else:
        trend = "stable"
    return trend, tuple(evidence[-4:])


def account_trend(per_meeting: list[int], people_trends: list[str]) -> tuple[str, float]:
    """improving / stable / slipping: the least-squares slope of meeting warmth, and the people who moved."""
    slope = float(np.polyfit(np.arange(len(per_meeting)), np.array(per_meeting, dtype=float), 1)[0]) \
        if len(per_meeting) >= 2 else 0.0
    vote = (slope >= TREND_STEP) - (slope <= -TREND_STEP)
    moved = people_trends.count("improving") - people_trends.count("slipping")
    total = vote + PEOPLE_WEIGHT * np.sign(moved)
    return ("improving" if total > 0 else "slipping" if total < 0 else "stable"), round(slope, 2)

