"""Needs over time: explicit and organisational statements of all meetings merged when they say the same thing
in other words (average-linkage clustering of the embedder's vectors, threshold measured on our examples)."""
from __future__ import annotations

import hashlib

import numpy as np

from features.accounts.records import AccountNeed, Meeting, StoredStatement

# cosine similarity above which two statements are one need; chosen on tests/data/accounts (our own examples),
# see features/accounts/evaluate.py for the figures on the account test set
SAME_NEED = 0.90
MERGED_LABELS = ("explicit", "organisational")


def cluster(vectors: np.ndarray, threshold: float = SAME_NEED) -> list[int]:
    """Cluster ids per row: average linkage on cosine similarity, cut at `threshold`."""
    n = len(vectors)
    if n == 0:
        return []
    if n == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    return [int(c) - 1 for c in fcluster(tree, t=1.0 - threshold, criterion="distance")]


def need_id(meeting: str, index: int) -> str:
    return "n-" + hashlib.sha1(f"{meeting}:{index}".encode()).hexdigest()[:8]


def merge_needs(meetings: list[Meeting], statements: dict[str, list[StoredStatement]],
                vectors: dict[tuple[str, int], np.ndarray], statuses: dict[str, str],
                threshold: float = SAME_NEED) -> tuple[list[AccountNeed], dict[tuple[str, int], str]]:
    """Merged needs, most mentioned first; also {(meeting, statement index): need id}."""
    date = {m.id: m.date for m in meetings}
    order = {m.id: i for i, m in enumerate(meetings)}
    items = [s for m in meetings for s in statements.get(m.id, []) if s.label in MERGED_LABELS
             and (s.meeting, s.index) in vectors]
    if not items:
        return [], {}
    labels = cluster(np.vstack([vectors[(s.meeting, s.index)] for s in items]), threshold)
    groups: dict[int, list[StoredStatement]] = {}
    for s, c in zip(items, labels):
        groups.setdefault(c, []).append(s)
    needs, where = [], {}
    for members in groups.values():
        members.sort(key=lambda s: (order[s.meeting], s.index))
        counts = {lab: sum(s.label == lab for s in members) for lab in MERGED_LABELS}
        label = max(MERGED_LABELS, key=lambda lab: (counts[lab], lab == "explicit"))
        # quote the customer's words: the most confident statement of the winning label
        quote = max((s for s in members if s.label == label), key=lambda s: s.confidence)
        nid = need_id(members[0].meeting, members[0].index)
        mentions = tuple(dict.fromkeys(s.meeting for s in members))
        needs.append(AccountNeed(nid, label, quote.text, mentions, date[mentions[0]], date[mentions[-1]],
                                 statuses.get(nid, "open"), tuple(s.text for s in members)))
        for s in members:
            where[(s.meeting, s.index)] = nid
    needs.sort(key=lambda n: (-len(n.mentions), n.first_seen, n.id))
    return needs, where
