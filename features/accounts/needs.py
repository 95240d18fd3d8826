"""Needs over time: explicit and organisational statements of all meetings merged when they say the same thing
in other words. A pair's score (need_scores.py: cosine, word overlap, sums, figures, topics, labels) is counted in
standard deviations above the account's usual pair of statements from two meetings. Statements of two meetings join
by a one-to-one matching of each pair of meetings, best pair first, at SAME_NEED or more (never two statements of
one meeting); then two statements of one meeting join at SAME_MEETING when each is the other's best match (an ask
and its restatement); then a lone statement joins the need of its best match in another meeting at ATTACH or more.
Weights, method and thresholds were chosen on corpus/accounts after an error analysis, with
corpus/accounts_heldout as a check; the blind sets chose nothing."""
from __future__ import annotations

import hashlib
import re

import numpy as np

from features.accounts.cues import OUR_TODO
from features.accounts.need_scores import RAW_FLOOR, pair_scores
from features.accounts.records import AccountNeed, Meeting, PersonMention, StoredStatement

# standardised score (standard deviations above the account's mean cross-meeting pair) from which two statements
# are one need; the middle of the plateau on corpus/accounts (six accounts: 1.8 0.788/0.765, 1.9 0.802/0.755, 2.1
# 0.793/0.716; a fixed cosine cut of 0.90 gave 0.772/0.765, held-out 0.808/0.875). Ten accounts with cross-language
# pairs centred: 1.6 0.783/0.667, 1.9 0.802/0.659, 2.2 0.825/0.630. `cli.py eval accounts` prints the sweep
SAME_NEED = 1.9
MERGED_LABELS = ("explicit", "organisational")
# statements of every label take part in the alignment (a need said again is often labelled none or personal the
# second time), but only groups holding an explicit or organisational statement (or a budget said again) are needs
ALIGNED_LABELS = ("explicit", "organisational", "personal", "none")
CROSS_MEETING_ONLY = True
# a statement left alone joins its best match's need at this standardised score (0: never); corpus/accounts F1 at
# SAME_NEED 1.9: 0.744 at 2.4, 0.778 at 2.6, 0.763 at 2.8 and 3.0, 0.723 without
ATTACH = 2.6
# "matching" (one-to-one per pair of meetings, best pair first), "mutual" (mutual best only), "greedy" (every pair
# above the cut) or "average" linkage. Matching also links a pair whose better partner a stronger pair took first
# (chaining): corpus/accounts P/R 0.782/0.637 (mutual) -> 0.791/0.644, held-out 0.913/0.875 unchanged
METHOD = "matching"
# two statements of ONE meeting join (after the alignment, before ATTACH) when each is the other's best match in the
# account and the pair scores this much: an ask restated in the same meeting. corpus/accounts P/R (matching): off
# 0.791/0.644, 3.0 0.781/0.659, 3.2 to 4.0 0.793/0.652, 4.1 0.791/0.644; held-out 0.913/0.875 throughout. Best match
# in the meeting only cost precision (2.6: 0.727/0.652; held-out 0.724 at 2.4), so did a lone statement attaching to
# its own meeting's need (3.0: 0.781/0.659)
SAME_MEETING = 3.5
# a group naming one sum as an investment in two meetings is an explicit need even when every statement was labelled
# none (needs-labels.md: a stated budget limit is explicit): corpus/accounts 0.793/0.652 -> 0.795/0.659, held-out
# 0.913/0.875 -> 0.917/0.917 (one gold need each)
BUDGETS = True


def cluster(vectors: np.ndarray, threshold: float = SAME_NEED, groups: list[str] | None = None) -> list[int]:
    """Cluster ids per row: average linkage on cosine similarity, cut at `threshold`. Rows with the same group
    (meeting) never share a cluster: one meeting rarely says one need twice, and two needs side by side in a meeting
    are close in meaning more often than the same need said again."""
    n = len(vectors)
    if n == 0:
        return []
    sim = (vectors @ vectors.T).astype(np.float64)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    tags = {i: {groups[i]} if groups else set() for i in range(n)}
    np.fill_diagonal(sim, -np.inf)
    if groups:
        same = np.array([[groups[i] == groups[j] for j in range(n)] for i in range(n)])
        sim[same] = -np.inf
    while len(members) > 1:
        a, b = np.unravel_index(int(np.argmax(sim)), sim.shape)
        if sim[a, b] < threshold:
            break
        na, nb = len(members[a]), len(members[b])
        merged = (na * sim[a] + nb * sim[b]) / (na + nb)  # Lance-Williams update for average linkage
        sim[a], sim[:, a] = merged, merged
        sim[b], sim[:, b] = -np.inf, -np.inf
        members[a] += members.pop(b)
        tags[a] |= tags.pop(b)
        for k in members:
            if k != a and tags[k] & tags[a]:
                sim[a, k] = sim[k, a] = -np.inf
        sim[a, a] = -np.inf
    out = [0] * n
    for c, rows in enumerate(members.values()):
        for r in rows:
            out[r] = c
    return out


_SAYS = re.compile(r"^\W*(?:(?:再次|又|也|私下|明确)?(?:提到|表示|介绍|说|强调|指出|透露|坦言|认为|抱怨)[，,：:]?|"
                   r"(?:said|says|repeated|confirmed|mentioned|noted|explained|stressed|told us|added)(?: that)?\s*)", re.I)


def need_text(text: str, people: tuple[PersonMention, ...], ours: set[str] | frozenset = frozenset()) -> str:
    """The statement without who said it ("陈志远介绍，", "Ferreira said") or which of our people it names (`ours`):
    names pull unrelated needs of one person together and keep the same need from two speakers apart."""
    text = re.sub(r"[*_`#]+", "", text)
    text = re.sub(r"^\W*[【\[][^】\]]{1,8}[】\]]", "", text)  # a tag in front: 【预算】
    text = re.sub(r"^\W*[^\s：:，,。]{1,16}\s?[：:]\s*", "", text)  # a speaker in front: "老周：", "Ines: "
    for form in sorted({m.form for m in people} | {n for n in ours if len(n) >= 2}, key=len, reverse=True):
        # an English name as a word (our Sam is not in `Samsung`); a Chinese one wherever it stands
        text = re.sub(rf"\b{re.escape(form)}\b", " ", text) if form.isascii() else text.replace(form, " ")
    text = re.sub(r"^\W*(?:Dr\.|Mr\.|Ms\.|Mrs\.)?\s*", "", text)
    return _SAYS.sub("", text.strip()).strip(" ，,") or text


def mutual_links(vectors: np.ndarray, groups: list[str], threshold: float, sim: np.ndarray | None = None) -> list[int]:
    """Cluster ids per row from alignment between meetings (METHOD): "matching" pairs the statements of two
    meetings one to one, best pair first, down to `threshold`; "mutual" keeps only pairs that are each other's best
    match there. Links join in order of similarity; a cluster never holds two statements of one meeting."""
    n = len(vectors)
    sim = vectors @ vectors.T if sim is None else sim
    by_group: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    links, names = [], list(by_group)
    for x, ga in enumerate(names):
        for gb in names[x + 1:]:
            rows, cols = by_group[ga], by_group[gb]
            block = sim[np.ix_(rows, cols)]
            if METHOD == "matching":  # one-to-one, best pair first
                used_r, used_c = set(), set()
                for r, c in sorted(zip(*np.nonzero(block >= threshold)), key=lambda rc: -block[rc]):
                    if r not in used_r and c not in used_c:
                        used_r, used_c = used_r | {r}, used_c | {c}
                        links.append((float(block[r, c]), rows[r], cols[c]))
                continue
            if METHOD == "greedy":  # every pair above the threshold, best first
                links += [(float(block[r, c]), rows[r], cols[c]) for r, c in zip(*np.nonzero(block >= threshold))]
                continue
            best_col, best_row = block.argmax(axis=1), block.argmax(axis=0)
            for r, c in enumerate(best_col):
                if best_row[c] == r and block[r, c] >= threshold:
                    links.append((float(block[r, c]), rows[r], cols[c]))
    parent = list(range(n))
    tags = [{g} for g in groups]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for _, a, b in sorted(links, reverse=True):
        ra, rb = root(a), root(b)
        if ra != rb and not tags[ra] & tags[rb]:
            parent[rb] = ra
            tags[ra] |= tags[rb]
    roots = {r: k for k, r in enumerate(dict.fromkeys(root(i) for i in range(n)))}
    return [roots[root(i)] for i in range(n)]


def attach_singletons(labels: list[int], sim: np.ndarray, groups: list[str], threshold: float) -> list[int]:
    """A statement left alone joins the need of its best match in another meeting when that pair scores at least
    `threshold`, even if the need already holds a statement of its own meeting: a need is often said twice in one
    meeting (the problem, then the ask), and the one-per-meeting rule of the alignment leaves the second alone."""
    sizes: dict[int, int] = {}
    for c in labels:
        sizes[c] = sizes.get(c, 0) + 1
    g = np.array(groups)
    out = list(labels)
    for i, c in enumerate(labels):
        if sizes[c] > 1:
            continue
        row = np.where(g != g[i], sim[i], -np.inf)
        j = int(np.argmax(row))
        if row[j] >= threshold and sizes[labels[j]] > 1:
            out[i] = labels[j]
    return out


def join_restatements(labels: list[int], sim: np.ndarray, groups: list[str], cut: float) -> list[int]:
    """Two statements of one meeting that are each other's best match in the whole account and score at least `cut`
    join their needs (a need asked, then restated in the same meeting), unless the two needs also hold statements of
    one other meeting. The alignment never puts two statements of one meeting together, so only this pass can."""
    n = len(labels)
    g = np.array(groups)
    s = np.array(sim, dtype=np.float64)
    np.fill_diagonal(s, -np.inf)
    best = s.argmax(axis=1) if n else np.zeros(0, dtype=int)
    pairs = sorted(((s[i, j], i, int(j)) for i, j in enumerate(best) if i < j and best[j] == i and g[i] == g[j]
                    and s[i, j] >= cut), reverse=True)
    out = list(labels)
    for _, i, j in pairs:
        a, b = out[i], out[j]
        shared = {groups[k] for k in range(n) if out[k] == a} & {groups[k] for k in range(n) if out[k] == b}
        if a == b or shared - {groups[i]}:
            continue
        out = [a if c == b else c for c in out]
    return out


def restated_budget(members: list[StoredStatement]) -> bool:
    """Statements of two meetings name one sum as an investment: a stated budget limit, said again."""
    seen: dict[str, set[str]] = {}
    for s in members:
        if s.investment:
            seen.setdefault(s.investment["amount"], set()).add(s.meeting)
    return any(len(m) > 1 for m in seen.values())


def need_id(meeting: str, index: int) -> str:
    return "n-" + hashlib.sha1(f"{meeting}:{index}".encode()).hexdigest()[:8]


def scored_items(meetings: list[Meeting], statements: dict[str, list[StoredStatement]],
                 vectors: dict[tuple[str, int], np.ndarray], floor: float = RAW_FLOOR
                 ) -> tuple[list[StoredStatement], np.ndarray, np.ndarray]:
    """The statements that take part in merging, their vectors and their standardised pair scores (`floor`: the
    plain score under which a pair is put far below any cut; -inf to see every pair's standing)."""
    # our own to-dos restate a need in our words and, labelled none, stole the customer's statement from its true
    # partner in the alignment (corpus/accounts P/R 0.817/0.745 -> 0.828/0.755 without them; held-out unchanged)
    items = [s for m in meetings for s in statements.get(m.id, []) if s.label in ALIGNED_LABELS
             and (s.meeting, s.index) in vectors and not (s.label == "none" and OUR_TODO.search(s.text))]
    if not items:
        return [], np.zeros((0, 0)), np.zeros((0, 0))
    matrix = np.vstack([vectors[(s.meeting, s.index)] for s in items])
    return items, matrix, pair_scores(matrix, [s.text for s in items], [s.meeting for s in items],
                                      [s.label for s in items], [s.language for s in items], floor)


def merge_needs(meetings: list[Meeting], statements: dict[str, list[StoredStatement]],
                vectors: dict[tuple[str, int], np.ndarray], statuses: dict[str, str],
                threshold: float = SAME_NEED) -> tuple[list[AccountNeed], dict[tuple[str, int], str]]:
    """Merged needs, most mentioned first; also {(meeting, statement index): need id}."""
    date = {m.id: m.date for m in meetings}
    order = {m.id: i for i, m in enumerate(meetings)}
    items, matrix, sim = scored_items(meetings, statements, vectors)
    if not items:
        return [], {}
    labels = mutual_links(matrix, [s.meeting for s in items], threshold, sim) if METHOD in ("mutual", "greedy", "matching") else \
        cluster(matrix, threshold, [s.meeting for s in items] if CROSS_MEETING_ONLY else None)
    if SAME_MEETING:
        labels = join_restatements(labels, sim, [s.meeting for s in items], SAME_MEETING)
    if ATTACH:
        labels = attach_singletons(labels, sim, [s.meeting for s in items], ATTACH)
    groups: dict[int, list[StoredStatement]] = {}
    for s, c in zip(items, labels):
        groups.setdefault(c, []).append(s)
    needs, where = [], {}
    for members in groups.values():
        budget = BUDGETS and restated_budget(members)
        if not budget and not any(s.label in MERGED_LABELS for s in members):
            continue
        members.sort(key=lambda s: (order[s.meeting], s.index))
        counts = {lab: sum(s.label == lab for s in members) for lab in MERGED_LABELS}
        label = max(MERGED_LABELS, key=lambda lab: (counts[lab], lab == "explicit"))
        # quote the customer's words: the most confident statement of the winning label
        quote = max((s for s in members if s.label == label), key=lambda s: s.confidence, default=members[0])
        nid = need_id(members[0].meeting, members[0].index)
        mentions = tuple(dict.fromkeys(s.meeting for s in members))
        needs.append(AccountNeed(nid, label, quote.text, mentions, date[mentions[0]], date[mentions[-1]],
                                 statuses.get(nid, "open"), tuple(s.text for s in members)))
        for s in members:
            where[(s.meeting, s.index)] = nid
    needs.sort(key=lambda n: (-len(n.mentions), n.first_seen, n.id))
    return needs, where
