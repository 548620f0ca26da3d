#!/usr/bin/env python3
"""How far bag-of-words similarity can go on ECB+, given oracle help.

Issue 4 asks for story BCubed F1 >= 0.93 and storyline >= 0.95 on
../shared/data/ecbplus/docs.jsonl. This script measures ceilings that any
TF-IDF clustering (ours included) stays under, by handing it the answers
for one level and tuning its threshold on the answers for the other:

1. storylines from the *gold* stories: average-link clustering of the gold
   stories' TF-IDF centroids (full text, or title and lead only), the best
   threshold chosen on the gold storylines;
2. stories from the *gold* storylines: average-link clustering inside each
   gold storyline, with term weights discounted by how many of the
   storyline's documents hold them (storyline-contrastive weighting), the
   best threshold chosen on the gold stories.

Both are batch, oracle-assisted and tuned on the answers: an online
clusterer cannot beat them with the same features. Pure Python, no
packages; about a minute on one core.

    python3 tools/ecbplus_ceiling.py [../shared/data/ecbplus/docs.jsonl [FOUND.tsv]]

FOUND.tsv, the output of `parallax cluster` on the same file (id, story,
storyline), adds the second ceiling inside the storylines parallax found.
"""

import collections
import heapq
import json
import math
import re
import sys

STOPWORDS = set(
    "the and for with that this these those from was were are been being have has had will would can could "
    "should may might must said says say also after before over under about into than then there here when "
    "where which who whom whose what why how all any some more most other such only own same too very just "
    "out off again further once during while because until against between through above below both each few "
    "nor per via not yes does did his her hers him their theirs them our ours your yours you she they its but "
    "one two new told last year years week day days time first since monday tuesday wednesday thursday friday "
    "saturday sunday according people like".split()
)
DATE_LINE = re.compile(r"(january|february|march|april|may|june|july|august|september|october|november|december|\d{4})", re.I)
SPLIT = re.compile(r"[\s\"“”()\[\]—–]+")


def stem(word):
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(line, with_names=False):
    """Stemmed content words; with `with_names`, also names (capitalised
    words not opening a sentence) and numbers as terms of their own, as the
    clusterer's event signature has them."""
    sentence_start = True
    for raw in SPLIT.split(line):
        token = re.sub(r"^\W+|\W+$", "", raw)
        ends_sentence = raw.endswith((".", "!", "?", ":"))
        if token and token[0].isdigit():
            if with_names:
                yield ("number", token)
        elif token:
            lower = token.lower().removesuffix("'s").removesuffix("’s")
            if len(lower) >= 3 and lower not in STOPWORDS:
                if with_names and token[0].isupper() and not sentence_start:
                    yield ("name", lower)
                yield ("word", stem(lower)) if with_names else stem(lower)
        sentence_start = ends_sentence


def lines_of(doc):
    """Title (when the document has a URL, its first line) and body lines."""
    lines = doc["text"].split("\n")
    title = None
    if doc["url"]:
        title, lines = lines[0], lines[1:]
        if lines and len(lines[0]) < 80 and DATE_LINE.search(lines[0]):
            lines = lines[1:]
    return title, lines


def term_counts(doc, lead_only, with_names=False):
    title, lines = lines_of(doc)
    counts = collections.Counter()
    for index, line in enumerate(([title] if title else []) + lines):
        in_lead = index < (3 if title else 2)
        if lead_only and not in_lead:
            break
        for word in words(line, with_names):
            counts[word] += 2.0 if in_lead else 1.0
    return counts


def unit_vectors(counts, weight):
    vectors = []
    for doc_counts in counts:
        vector = {t: (1 + math.log(c)) * weight(t) for t, c in doc_counts.items()}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({t: w / norm for t, w in vector.items()})
    return vectors


def cosine(a, b):
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norms = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norms if norms else 0.0


def average_link(similarity, threshold):
    """Labels from average-link agglomeration, stopping below `threshold`."""
    n = len(similarity)
    members = {i: [i] for i in range(n)}
    total = {(i, j): similarity[i][j] for i in range(n) for j in range(i + 1, n)}
    heap = [(-s, i, j) for (i, j), s in total.items() if s >= threshold]
    heapq.heapify(heap)
    alive = set(range(n))
    key = lambda a, b: (a, b) if a < b else (b, a)
    while heap:
        score, i, j = heapq.heappop(heap)
        if i not in alive or j not in alive:
            continue
        if abs(total[key(i, j)] / (len(members[i]) * len(members[j])) + score) > 1e-9:
            continue
        alive.remove(j)
        for k in alive - {i}:
            total[key(i, k)] += total[key(j, k)]
        members[i] += members.pop(j)
        for k in alive - {i}:
            average = total[key(i, k)] / (len(members[i]) * len(members[k]))
            if average >= threshold:
                heapq.heappush(heap, (-average, min(i, k), max(i, k)))
    labels = [0] * n
    for label, group in members.items():
        for item in group:
            labels[item] = label
    return labels


def bcubed(gold, predicted):
    """BCubed precision, recall and F1 of one labelling against another."""
    pairs = collections.Counter(zip(gold, predicted))
    gold_sizes, predicted_sizes = collections.Counter(gold), collections.Counter(predicted)
    n = len(gold)
    precision = sum(pairs[(g, p)] / predicted_sizes[p] for g, p in zip(gold, predicted)) / n
    recall = sum(pairs[(g, p)] / gold_sizes[g] for g, p in zip(gold, predicted)) / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def bcubed_f1(gold, predicted):
    return bcubed(gold, predicted)[2]


def best(scores):
    return max(scores, key=lambda pair: pair[0])


def storylines_from_gold_stories(docs, lead_only):
    counts = [term_counts(d, lead_only) for d in docs]
    df = collections.Counter(t for c in counts for t in c)
    n = len(docs)
    vectors = unit_vectors(counts, lambda t: (math.log((n + 1) / (df[t] + 1)) + 1) ** 1.5)
    centroids = collections.defaultdict(dict)
    for doc, vector in zip(docs, vectors):
        for term, weight in vector.items():
            centroids[doc["story"]][term] = centroids[doc["story"]].get(term, 0.0) + weight
    stories = sorted(centroids)
    index = {story: i for i, story in enumerate(stories)}
    similarity = [[cosine(centroids[a], centroids[b]) for b in stories] for a in stories]
    gold = [d["storyline"] for d in docs]
    thresholds = [0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.25, 0.3]
    return best(
        (bcubed_f1(gold, [labels[index[d["story"]]] for d in docs]), threshold)
        for threshold in thresholds
        for labels in [average_link(similarity, threshold)]
    )


def stories_from_gold_storylines(docs, with_names, storyline_of=None):
    """`storyline_of` (id -> storyline) puts other storylines in place of
    the gold ones, e.g. those `parallax cluster` found."""
    counts = [term_counts(d, False, with_names) for d in docs]
    df = collections.Counter(t for c in counts for t in c)
    n = len(docs)
    by_storyline = collections.defaultdict(list)
    for i, doc in enumerate(docs):
        by_storyline[storyline_of[doc["id"]] if storyline_of else doc["storyline"]].append(i)
    similarities = {}
    for storyline, members in by_storyline.items():
        local_df = collections.Counter(t for i in members for t in counts[i])
        m = len(members)
        kind_weight = lambda t: 0.3 if with_names and t[0] == "word" else 1.0
        weight = lambda t: kind_weight(t) * (math.log((n + 1) / (df[t] + 1)) + 1) ** 1.5 * math.log((m + 1) / local_df[t])
        vectors = unit_vectors([counts[i] for i in members], weight)
        similarities[storyline] = [[cosine(a, b) for b in vectors] for a in vectors]
    gold = [d["story"] for d in docs]
    scores = []
    for threshold in [0.01, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05]:
        labels = [None] * len(docs)
        for storyline, members in by_storyline.items():
            for i, label in zip(members, average_link(similarities[storyline], threshold)):
                labels[i] = (storyline, label)
        scores.append((bcubed_f1(gold, labels), threshold))
    return best(scores)


def stories_online_contrastive(docs, storyline_of, theta, prior):
    """The contrastive weights applied online: each document, in file order,
    joins the story of its (found) storyline with the best average
    similarity, weights discounted by the storyline's document frequencies
    *so far*, or opens a story below `theta`. What an online clusterer
    could do with them (parallax does not: it scores lower)."""
    counts = [term_counts(d, False, True) for d in docs]
    df, line_df = collections.Counter(), collections.defaultdict(collections.Counter)
    line_members, story_members, labels = collections.defaultdict(list), collections.defaultdict(list), []
    for i, doc in enumerate(docs):
        df.update(counts[i].keys())
        storyline = storyline_of[doc["id"]]
        local = line_df[storyline]
        local.update(counts[i].keys())
        m, n = len(line_members[storyline]) + 1, i + 1

        def vector(j):
            weights = {
                t: (1 + math.log(c))
                * (0.3 if t[0] == "word" else 1.0)
                * (math.log((n + 1) / (df[t] + 1)) + 1) ** 1.5
                * max(math.log((m + prior) / (local[t] + prior - 1)), 0.0)
                for t, c in counts[j].items()
            }
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            return {t: w / norm for t, w in weights.items()}

        mine = vector(i)
        scores = [
            (sum(cosine(mine, vector(j)) for j in story_members[s]) / len(story_members[s]), s)
            for s in sorted({labels[j] for j in line_members[storyline]})
        ]
        score, story = max(scores, default=(0.0, None))
        if story is None or score < theta:
            story = i
        labels.append(story)
        story_members[story].append(i)
        line_members[storyline].append(i)
    return bcubed_f1([d["story"] for d in docs], labels)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ecbplus/docs.jsonl"
    docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    print("ceiling                                                     BCubed F1  threshold")
    for lead_only, name in [(False, "full text"), (True, "title and lead")]:
        f1, threshold = storylines_from_gold_stories(docs, lead_only)
        print(f"storylines from gold stories ({name:>14}), best threshold   {f1:.3f}      {threshold}")
    for with_names, name in [(False, "words"), (True, "names, numbers, words")]:
        f1, threshold = stories_from_gold_storylines(docs, with_names)
        print(f"stories inside gold storylines ({name:>21}), best   {f1:.3f}      {threshold}")
    if len(sys.argv) > 2:
        found = dict(line.rstrip("\n").split("\t")[::2] for line in open(sys.argv[2], encoding="utf-8"))
        f1, threshold = stories_from_gold_storylines(docs, True, found)
        print(f"stories inside the storylines of {sys.argv[2]}, best       {f1:.3f}      {threshold}")
        f1, theta, prior = max(
            (stories_online_contrastive(docs, found, theta, prior), theta, prior)
            for theta in (0.02, 0.04, 0.06)
            for prior in (1, 4)
        )
        print(f"  the same weights online, in file order, best        {f1:.3f}      {theta} (prior {prior})")


if __name__ == "__main__":
    main()
