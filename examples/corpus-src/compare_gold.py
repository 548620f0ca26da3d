"""Hand annotations of what the story view should show for each story of
the sample corpus, for `parallax eval compare` (written to
testdata/gold/compare.json by generate.py). Written from the planted facts
listed in articles.py and by reading every article of each story.

Per story:
- conflicts: numeric claims the outlets disagree on, as (counted thing,
  [values]); and context contradictions, as (kind, the outlet that stands
  apart) with kind "former", "office holder" or "administration".
- agreements: numeric claims two or more outlets report with the same value,
  as (counted thing, value), the counted thing None for a bare percentage
  (then matched by its unit, "percent").
- quote_variants: statements two or more outlets quote, as (speaker, [the
  first words of each distinct wording]).
- single_outlet: (outlet key, words of a fact only that outlet reports).
"""

GOLD = {
"s1": dict(
 conflicts=[("worker", [4200, 4500]), ("former", "rt")],
 agreements=[("ship", 38), ("rise", 9), ("year", 2), ("traffic", 1 / 3), (None, 4)],
 quote_variants=[("Maren Oduya", ["We have kept this port", "We kept this port running", "will not be paid in promises"]),
                 ("Tobias Wren", ["The offer on the table", "fair and final"])],
 single_outlet=[("nc", "supermarket deliveries"), ("lr", "political theatre")]),
"s5": dict(
 conflicts=[("rise", [6.5, 7])],
 agreements=[("year", 2), ("day", 24), ("ship", 52), ("week", 3), (None, 81), (None, 4)],
 quote_variants=[("Maren Oduya", ["This is a win", "It is a win", "a win for every family"])],
 single_outlet=[("bh", "no worker would lose pay"), ("nc", "extra night shifts")]),
"s7": dict(
 conflicts=[],
 agreements=[("crane", 14), ("job", 600)],
 quote_variants=[("Maren Oduya", ["We settled in March", "in good faith"])],
 single_outlet=[("hg", "modernise to compete")]),
"s2": dict(
 conflicts=[("people", [1200, 1500])],
 agreements=[("metre", 6.2), ("millimetre", 140), ("hour", 48), ("bridge", 2), ("people", 31)],
 quote_variants=[("Iver Castell", ["The water came faster than anyone in this town", "came faster than anyone in this town",
                                   "The water came faster than anyone here"])],
 single_outlet=[("bh", "flood wall on the east bank"), ("nc", "Insurers said")]),
"s3": dict(
 conflicts=[("vote", [5, 6]), ("office holder", "lr")],
 agreements=[(None, 4.75), ("point", 0.5), (None, 6.1)],
 quote_variants=[("Lisbet Arnaud", ["Price stability is not negotiable", "Stable prices are not up for negotiation",
                                    "not negotiable"])],
 single_outlet=[("nc", "40 crowns"), ("vd", "estate agents")]),
"s4": dict(
 conflicts=[],
 agreements=[("second", 94), ("crown", 210_000_000), ("month", 3)],
 quote_variants=[],
 single_outlet=[("bh", "Sund visitor centre"), ("cp", "six more hours")]),
"s6": dict(
 conflicts=[],
 agreements=[("miner", 23), ("miner", 19), ("metre", 340)],
 quote_variants=[("Sana Okoro", ["Every hour counts", "Every hour matters"])],
 single_outlet=[("mw", "employs about 900 people"), ("bh", "since 2009")]),
}
