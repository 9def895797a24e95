"""What changed between two questionnaire documents, in plain language, and keys earlier versions used that are gone."""
import difflib

#: A question's fields compared one by one, with the words a change of each is told in.
_FIELDS = (("hint", "hint"), ("required", "whether an answer is required"), ("other", '"Other" option'),
           ("not_sure", '"Not sure" option'), ("minimum", "minimum"), ("maximum", "maximum"))
_OWN = {"key", "type", "text", "hint", "required", "options", "other", "not_sure", "minimum", "maximum", "condition"}


def _quote(text, limit=80):
    text = " ".join(str(text).split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _by_key(document):
    return {q["key"]: q for q in document.get("questions", ())}


def _page_of(document):
    return {key: number for number, page in enumerate(document.get("pages", ()), 1) for key in page["questions"]}


def condition_words(condition):
    """A condition as a sentence fragment: "q1 is “yes”", "q2 includes “a” or “b”", joined by and/or."""
    if not condition:
        return "always asked"
    op = condition.get("op")
    if op == "equals":
        return f"{condition['question']} is {_quote(condition['value'])}"
    if op == "one_of":
        return f"{condition['question']} is one of " + ", ".join(_quote(v) for v in condition["values"])
    if op == "any_selected":
        values = condition.get("values") or []
        return (f"{condition['question']} includes " + " or ".join(_quote(v) for v in values) if values
                else f"{condition['question']} has any answer")
    if op == "not":
        return f"not ({condition_words(condition['condition'])})"
    if op in ("and", "or"):
        return f" {op} ".join(f"({condition_words(c)})" for c in condition["conditions"])
    return str(condition)


def _option_changes(key, old, new):
    before = {o["value"]: o["label"] for o in old.get("options", ())}
    after = {o["value"]: o["label"] for o in new.get("options", ())}
    found = [f"Question {key}: option {_quote(after[v])} added" for v in after if v not in before]
    found += [f"Question {key}: option {_quote(before[v])} removed" for v in before if v not in after]
    found += [f"Question {key}: option {_quote(before[v])} relabelled {_quote(after[v])}"
              for v in after if v in before and before[v] != after[v]]
    kept = [v for v in after if v in before]
    if not found and kept != [v for v in before if v in after]:
        found.append(f"Question {key}: options reordered")
    return found


def _question_changes(key, old, new, old_page, new_page):
    found = []
    if old["text"] != new["text"]:
        found.append(f"Question {key} reworded: {_quote(old['text'])} is now {_quote(new['text'])}")
    if old["type"] != new["type"]:
        found.append(f"Question {key}: type changed from {old['type']} to {new['type']}")
    found += _option_changes(key, old, new)
    for name, words in _FIELDS:
        if old.get(name) != new.get(name) and (old.get(name) or new.get(name)):
            found.append(f"Question {key}: {words} changed from {old.get(name)!r} to {new.get(name)!r}")
    if (old.get("condition") or None) != (new.get("condition") or None):
        found.append(f"Question {key}: condition changed from “{condition_words(old.get('condition'))}” to "
                     f"“{condition_words(new.get('condition'))}”")
    settings = sorted({n for n in (*old, *new) if n not in _OWN and old.get(n) != new.get(n)})
    if settings:
        found.append(f"Question {key}: settings changed ({', '.join(settings)})")
    if old_page != new_page:
        found.append(f"Question {key} moved from page {old_page} to page {new_page}")
    return found


def describe_changes(old, new):
    """Every difference between documents `old` and `new`, one plain sentence each, in the new document's order."""
    found = []
    for name, words in (("title", "Title"), ("introduction", "Introduction"), ("minutes", "Estimated minutes")):
        before, after = old.get(name) or "", new.get(name) or ""
        if before != after:
            found.append(f"{words} set to {_quote(after)}" if before == "" else f"{words} removed" if after == ""
                         else f"{words} changed from {_quote(before)} to {_quote(after)}")
    old_titles = [p["title"] for p in old.get("pages", ())]
    new_titles = [p["title"] for p in new.get("pages", ())]
    found += [f"Page {_quote(t)} added" for t in new_titles if t not in old_titles]
    found += [f"Page {_quote(t)} removed" for t in old_titles if t not in new_titles]
    kept = [t for t in new_titles if t in old_titles]
    if kept != [t for t in old_titles if t in new_titles]:
        found.append("Pages reordered")
    for number, page in enumerate(new.get("pages", ())):
        before = next((p for p in old.get("pages", ()) if p["title"] == page["title"]), None)
        if before and (before.get("introduction") or "") != (page.get("introduction") or ""):
            found.append(f"Page {_quote(page['title'])}: introduction changed")
    old_q, new_q = _by_key(old), _by_key(new)
    old_pages, new_pages = _page_of(old), _page_of(new)
    for key, question in new_q.items():
        if key not in old_q:
            found.append(f"Question {key} added: {_quote(question['text'])}")
        else:
            found += _question_changes(key, old_q[key], question, old_pages.get(key), new_pages.get(key))
    found += [f"Question {key} removed: {_quote(q['text'])}" for key, q in old_q.items() if key not in new_q]
    old_h = {h["text"]: h for h in old.get("headlines", ())}
    new_h = {h["text"]: h for h in new.get("headlines", ())}
    found += [f"Headline {_quote(t)} added" for t in new_h if t not in old_h]
    found += [f"Headline {_quote(t)} removed" for t in old_h if t not in new_h]
    found += [f"Headline {_quote(t)} changed" for t in new_h if t in old_h and new_h[t] != old_h[t]]
    if (old.get("translations") or {}) != (new.get("translations") or {}):
        found.append("Translations changed")
    return found


def missing_keys(earlier, draft):
    """Warnings for each key that earlier published documents used and `draft` no longer has.

    Summaries join versions by key and comparisons between waves rely on it, so a renamed key splits one question's
    answers in two. `earlier` is [(version, document)]; a draft question added since with similar wording is named.
    """
    now = _by_key(draft)
    used = {}
    for version, document in earlier:
        for key, question in _by_key(document).items():
            used.setdefault(key, (question, []))[1].append(version)
    new_keys = [key for key in now if key not in used]
    warnings = []
    for key, (question, versions) in used.items():
        if key in now:
            continue
        said = ", ".join(str(v) for v in versions)
        similar = max(new_keys, default=None, key=lambda k: difflib.SequenceMatcher(
            None, question["text"].lower(), now[k]["text"].lower()).ratio())
        ratio = difflib.SequenceMatcher(None, question["text"].lower(), now[similar]["text"].lower()).ratio() \
            if similar else 0
        if similar and ratio >= 0.6:
            warnings.append(f"Key {key} (version{'s' if len(versions) > 1 else ''} {said}) looks renamed to "
                            f"{similar}: answers to the two will not be joined in summaries or compared between "
                            f"waves. Give the question back the key {key} to keep them together.")
        else:
            warnings.append(f"Key {key} (version{'s' if len(versions) > 1 else ''} {said}) is no longer asked: "
                            "if another question now asks the same thing, give it the key "
                            f"{key} so its answers are joined with earlier ones.")
    return warnings
