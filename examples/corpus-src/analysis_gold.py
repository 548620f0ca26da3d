"""Hand annotations of the sample corpus's body paragraphs, for
`parallax eval analyze` (written to testdata/gold/analysis.json by
generate.py). Annotated by reading the text in articles.py, not the
analyser's output.

Per article (by key; syndicated copies are not annotated):
- entities: "kind:Canonical Name" of every person, organisation and place
  named in the body (kind: person, org, place).
- quotes: (speaker, first words, kind) of every statement quote, kind
  "direct" or "partial"; a quote split by its attribution is one.
- scare: first words of quotes that are terms or slogans, not statements.
- claims: (value, counted thing) or (value, upper, counted thing) of every
  numeric claim: counts, amounts, shares, durations; the counted thing is
  the head noun of the phrase as written (None when the number qualifies no
  noun); a vote tally ("voted 5-2") is a claim of its votes for, counting
  "votes". Dates, years and ages are not claims.
- dates: (text as written, resolved ISO date; YYYY-MM for a month).
"""

GOLD = {
"hg-s1": dict(
 entities=["person:Maren Oduya", "person:Tobias Wren", "person:Halvard Renn",
           "org:Calder Dockworkers' Union", "org:Port of Calder", "place:Veyra"],
 quotes=[("Maren Oduya", "We have kept this port", "direct"),
         ("Tobias Wren", "The offer on the table", "direct")],
 claims=[(4200, "dockworkers"), (38, "ships"), (9, "rise"), (4, None), (2, "years"), (1 / 3, "traffic")],
 dates=[("on Monday", "2025-03-03"), ("on Friday", "2025-02-28")]),
"nc-s1": dict(
 entities=["person:Maren Oduya", "person:Tobias Wren", "person:Halvard Renn",
           "org:Calder Dockworkers' Union", "org:Port of Calder"],
 quotes=[("Maren Oduya", "We will sit down", "direct"),
         ("Tobias Wren", "fair and final", "partial")],
 claims=[(4500, "workers"), (38, "vessels"), (4, "offer"), (9, None)],
 dates=[("on Monday", "2025-03-03")]),
"mw-s1": dict(
 entities=["person:Maren Oduya", "person:Tobias Wren", "org:Calder Dockworkers' Union",
           "org:Port of Calder", "org:Meridian Wire", "place:Veyra", "place:Calder"],
 quotes=[("Maren Oduya", "We kept this port running", "direct")],
 claims=[(4200, "dockworkers"), (38, "ships"), (9, "rise"), (4, None), (2, "years"), (1 / 3, "traffic")],
 dates=[("March 3", "2025-03-03"), ("on Monday", "2025-03-03")]),
"lr-s1": dict(
 entities=["person:Maren Oduya", "person:Halvard Renn", "org:Calder Dockworkers' Union"],
 quotes=[("Maren Oduya", "will not be paid in promises", "partial")],
 claims=[(38, "ships"), (4, None), (9, None)],
 dates=[("on Monday", "2025-03-03")]),
"rt-s1": dict(
 entities=["person:Halvard Renn", "person:Tobias Wren", "org:Calder Dockworkers' Union", "org:Port of Calder"],
 quotes=[("Tobias Wren", "The offer on the table", "direct")],
 claims=[(4200, "members"), (9, "rise"), (4, None), (38, "ships")],
 dates=[("on Monday", "2025-03-03")]),
"vd-s1": dict(
 entities=["person:Halvard Renn", "org:Port of Calder"],
 quotes=[],
 claims=[(4200, "workers"), (38, "ships"), (9, "rise"), (4, None), (2, "years")],
 dates=[("on Monday", "2025-03-03")]),
"hg-s5": dict(
 entities=["person:Maren Oduya", "person:Tobias Wren", "person:Halvard Renn",
           "org:Calder Dockworkers' Union", "org:Port of Calder", "place:Veyra"],
 quotes=[("Maren Oduya", "This is a win", "direct"),
         ("Maren Oduya", "We did not get everything", "direct")],
 claims=[(6.5, None), (2, "years"), (24, "days"), (81, None), (52, "ships"), (3, "weeks")],
 dates=[("on Thursday", "2025-03-27"), ("March 3", "2025-03-03")]),
"mw-s5": dict(
 entities=["person:Maren Oduya", "org:Calder Dockworkers' Union", "org:Port of Calder", "org:Meridian Wire",
           "place:Veyra", "place:Calder"],
 quotes=[("Maren Oduya", "It is a win", "direct")],
 claims=[(6.5, "rise"), (2, "years"), (24, "days"), (81, None), (4, None), (52, "ships"), (3, "weeks")],
 dates=[("March 27", "2025-03-27"), ("on Thursday", "2025-03-27")]),
"vd-s5": dict(
 entities=["person:Maren Oduya", "person:Tobias Wren", "org:Port of Calder", "place:Valecrest"],
 quotes=[],
 claims=[(7, "rise"), (2, "years")],
 dates=[("on Thursday", "2025-03-27")]),
"lr-s5": dict(
 entities=["person:Maren Oduya", "org:Calder Dockworkers' Union"],
 quotes=[("Maren Oduya", "a win for every family", "partial")],
 claims=[(24, "days"), (6.5, "rise"), (52, "ships"), (4, None)],
 dates=[]),
"hg-s7": dict(
 entities=["person:Maren Oduya", "person:Tobias Wren", "person:Elin Hart", "org:Calder Dockworkers' Union",
           "place:Calder"],
 quotes=[("Maren Oduya", "We settled in March", "direct"),
         ("Elin Hart", "Nobody wants another spring", "direct")],
 claims=[(14, "cranes"), (600, "jobs")],
 dates=[("on Tuesday", "2025-10-21"), ("in March", "2025-03"), ("in March", "2025-03")]),
"mw-s7": dict(
 entities=["person:Maren Oduya", "org:Calder Dockworkers' Union", "org:Port of Calder", "org:Meridian Wire",
           "place:Veyra", "place:Calder"],
 quotes=[],
 claims=[(14, "cranes"), (24, "days"), (600, "jobs")],
 dates=[("Oct 21", "2025-10-21"), ("on Tuesday", "2025-10-21"), ("in March", "2025-03"), ("in March", "2025-03")]),
"lr-s7": dict(
 entities=["person:Maren Oduya", "org:Calder Dockworkers' Union"],
 quotes=[("Maren Oduya", "in good faith", "partial")],
 claims=[(14, "cranes"), (600, "jobs")],
 dates=[("in March", "2025-03")]),
"vd-s2": dict(
 entities=["person:Iver Castell", "place:Brennick", "place:Tessaly River"],
 quotes=[("Iver Castell", "The water came faster", "direct"),
         ("Iver Castell", "the shelters can hold everyone", "partial")],
 claims=[(1200, "residents"), (140, "millimetres"), (48, "hours"), (6.2, "metres"), (2, "bridges"), (3, "bridges"),
         (31, "people")],
 dates=[("on Tuesday", "2025-04-15"), ("on Tuesday morning", "2025-04-15")]),
"hg-s2": dict(
 entities=["person:Iver Castell", "person:Halvard Renn", "place:Brennick", "place:Tessaly River"],
 quotes=[("Iver Castell", "came faster than anyone", "partial")],
 claims=[(1200, "people"), (6.2, "metres"), (140, "millimetres"), (48, "hours"), (2, "bridges"), (31, "people"),
         (300, 400, "homes")],
 dates=[("on Monday night", "2025-04-14"), ("on Wednesday", "2025-04-16")]),
"bh-s2": dict(
 entities=["person:Leda Farr", "person:Iver Castell", "place:Brennick", "place:Tessaly River"],
 quotes=[("Leda Farr", "It was in the kitchen", "direct")],
 claims=[(1500, "people"), (2, "children"), (6.2, "metres"), (140, "millimetres"), (2, "days")],
 dates=[]),
"mw-s2": dict(
 entities=["person:Iver Castell", "org:Meridian Wire", "place:Brennick", "place:Tessaly River", "place:Veyra"],
 quotes=[("Iver Castell", "The water came faster", "direct")],
 claims=[(1200, "people"), (6.2, "metres"), (140, "millimetres"), (48, "hours"), (2, "bridges"), (31, "people")],
 dates=[("April 15", "2025-04-15"), ("on Tuesday", "2025-04-15")]),
"mw-s3": dict(
 entities=["person:Lisbet Arnaud", "person:Jonas Brandt", "org:Bank of Veyra", "org:Meridian Wire",
           "place:Valecrest"],
 quotes=[("Lisbet Arnaud", "Price stability is not negotiable", "direct"),
         ("Lisbet Arnaud", "We are not yet at the end", "direct")],
 claims=[(0.5, "point"), (4.75, None), (5, "votes"), (6.1, None), (2, None)],
 dates=[("May 7", "2025-05-07"), ("on Wednesday", "2025-05-07"), ("to March", "2025-03")]),
"nc-s3": dict(
 entities=["person:Lisbet Arnaud", "org:Bank of Veyra", "org:Veyra Banking Association"],
 quotes=[],
 claims=[(0.5, "points"), (4.75, None), (6.1, None), (5, "votes"), (2, "members"), (0.25, "point"), (40, "crowns"),
         (100000, "crowns")],
 dates=[("on Wednesday", "2025-05-07"), ("in March", "2025-03")]),
"vd-s3": dict(
 entities=["person:Lisbet Arnaud", "org:Bank of Veyra", "place:Valecrest"],
 quotes=[("Lisbet Arnaud", "Stable prices are not up", "direct")],
 claims=[(4.75, None), (0.5, "point")],
 dates=[("on Wednesday", "2025-05-07")]),
"lr-s3": dict(
 entities=["person:Lisbet Arnaud", "person:Ilse Morrow", "org:Bank of Veyra"],
 quotes=[("Lisbet Arnaud", "not negotiable", "partial")],
 scare=["soft landing"],
 claims=[(4.75, None), (6.1, None)],
 dates=[("on Wednesday", "2025-05-07")]),
"hg-s4": dict(
 entities=["person:Pell Varga", "org:Aurel Space Agency", "place:Veyra", "place:Sund"],
 quotes=[("Pell Varga", "We lost the vehicle", "direct")],
 claims=[(94, "seconds"), (210000000, "crowns"), (7, "launches"), (3, "months")],
 dates=[("on Wednesday morning", "2025-06-18")]),
"rt-s4": dict(
 entities=["person:Pell Varga", "org:Aurel Space Agency"],
 quotes=[("Pell Varga", "When the flight team told me", "direct")],
 claims=[(94, "seconds"), (4, "years"), (210000000, "crowns")],
 dates=[("on Wednesday", "2025-06-18")]),
"nc-s6": dict(
 entities=["person:Sana Okoro", "person:Dario Feld", "place:Dravon"],
 quotes=[("Sana Okoro", "Every hour counts", "direct")],
 claims=[(23, "miners"), (340, "metres"), (12, "rescuers"), (200, "volunteers")],
 dates=[("on Tuesday", "2025-09-09")]),
"mw-s6": dict(
 entities=["person:Sana Okoro", "person:Dario Feld", "org:Meridian Wire", "place:Veyra", "place:Dravon"],
 quotes=[("Sana Okoro", "Every hour matters", "direct")],
 claims=[(19, "miners"), (23, "men"), (340, "metres"), (4, "miners"), (900, "people"), (0.2, "copper")],
 dates=[("Sept 10", "2025-09-10"), ("on Wednesday", "2025-09-10")]),
"rt-s6": dict(
 entities=["person:Arne Vos", "person:Sana Okoro", "place:Calder", "place:Dravon"],
 quotes=[("Arne Vos", "My brother has worked there", "direct")],
 claims=[(23, "miners"), (20, "years"), (340, "metres"), (40, "relatives")],
 dates=[("through Tuesday night", "2025-09-09")]),
"vd-s6": dict(
 entities=["person:Dario Feld", "place:Dravon"],
 quotes=[("Dario Feld", "The mine stays shut", "direct")],
 claims=[(19, "miners"), (23, "miners"), (3, None), (4, None)],
 dates=[("on Wednesday", "2025-09-10")]),
"nc-s5": dict(
 entities=["person:Maren Oduya", "org:Calder Dockworkers' Union", "org:Port of Calder"],
 quotes=[("Maren Oduya", "Nobody should have to strike", "direct")],
 claims=[(81, None), (2, "years"), (6.5, None), (24, "days"), (52, "ships"), (24, "days")],
 dates=[("on Thursday", "2025-03-27")]),
"bh-s6": dict(
 entities=["person:Sana Okoro", "place:Dravon"],
 quotes=[("Sana Okoro", "Every hour counts", "direct")],
 claims=[(19, "miners"), (23, "miners"), (4, None), (4, None), (340, "metres")],
 dates=[("on Wednesday", "2025-09-10")]),
}
