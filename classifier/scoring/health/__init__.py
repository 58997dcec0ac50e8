"""Content-plan health: what the whole plan says, beyond the verdict of each post.

Three of the five SMM mistakes show only in the stream of posts: a feed of adverts without
dialogue, the same text again and again, floods and giveaways. :mod:`.collector` gathers
what each scored row needs (verdict, sales, giveaway and dialogue signals, date, rubric,
a near-duplicate fingerprint) while the batch streams; :mod:`.assess` turns that into
findings (:mod:`.model`) measured against the team's norms (:mod:`.norms`).
"""
