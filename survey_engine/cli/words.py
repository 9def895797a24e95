"""Small helpers for what commands print."""


def plural(n, word):
    """"1 contact", "2 contacts"."""
    return f"{n} {word}{'' if n == 1 else 's'}"
