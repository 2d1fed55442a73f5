"""The awards feature: the awards table of an index, its filters and the timelines built from it."""
