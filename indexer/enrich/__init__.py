"""Facts read from an article's text: the education units it names and the awards it asserts."""
