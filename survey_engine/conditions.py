"""Conditions on earlier answers: plain data, evaluated without eval."""
from dataclasses import dataclass


class Condition:
    """Something that is true or false of a respondent's answers so far."""

    def evaluate(self, answers):
        raise NotImplementedError

    def question_keys(self):
        """The keys of the questions this condition reads."""
        raise NotImplementedError

    def to_dict(self):
        raise NotImplementedError


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


@dataclass(frozen=True)
class Equals(Condition):
    """True when the answer to `question` is `value` (or, for multiple choice, is exactly [value])."""

    question: str
    value: str

    def evaluate(self, answers):
        answer = answers.get(self.question)
        return answer == self.value or _as_list(answer) == [self.value] if answer is not None else False

    def question_keys(self):
        return {self.question}

    def to_dict(self):
        return {"op": "equals", "question": self.question, "value": self.value}


@dataclass(frozen=True)
class OneOf(Condition):
    """True when the answer to `question` is one of `values`."""

    question: str
    values: tuple

    def __init__(self, question, values):
        object.__setattr__(self, "question", question)
        object.__setattr__(self, "values", tuple(values))

    def evaluate(self, answers):
        answer = answers.get(self.question)
        return not isinstance(answer, (list, tuple)) and answer in self.values

    def question_keys(self):
        return {self.question}

    def to_dict(self):
        return {"op": "one_of", "question": self.question, "values": list(self.values)}


@dataclass(frozen=True)
class AnySelected(Condition):
    """True when any of `values` was chosen (or anything at all, when `values` is empty)."""

    question: str
    values: tuple = ()

    def __init__(self, question, values=()):
        object.__setattr__(self, "question", question)
        object.__setattr__(self, "values", tuple(values))

    def evaluate(self, answers):
        chosen = set(_as_list(answers.get(self.question)))
        return bool(chosen & set(self.values)) if self.values else bool(chosen)

    def question_keys(self):
        return {self.question}

    def to_dict(self):
        return {"op": "any_selected", "question": self.question, "values": list(self.values)}


@dataclass(frozen=True)
class Not(Condition):
    """True when `condition` is false."""

    condition: Condition

    def evaluate(self, answers):
        return not self.condition.evaluate(answers)

    def question_keys(self):
        return self.condition.question_keys()

    def to_dict(self):
        return {"op": "not", "condition": self.condition.to_dict()}


@dataclass(frozen=True)
class And(Condition):
    """True when every one of `conditions` is true."""

    conditions: tuple

    def __init__(self, *conditions):
        object.__setattr__(self, "conditions", tuple(conditions))

    def evaluate(self, answers):
        return all(c.evaluate(answers) for c in self.conditions)

    def question_keys(self):
        return set().union(*(c.question_keys() for c in self.conditions))

    def to_dict(self):
        return {"op": "and", "conditions": [c.to_dict() for c in self.conditions]}


@dataclass(frozen=True)
class Or(Condition):
    """True when any one of `conditions` is true."""

    conditions: tuple

    def __init__(self, *conditions):
        object.__setattr__(self, "conditions", tuple(conditions))

    def evaluate(self, answers):
        return any(c.evaluate(answers) for c in self.conditions)

    def question_keys(self):
        return set().union(*(c.question_keys() for c in self.conditions))

    def to_dict(self):
        return {"op": "or", "conditions": [c.to_dict() for c in self.conditions]}


def from_dict(data):
    """Rebuild a condition from its to_dict() form; unknown operators are a ValueError."""
    op = data.get("op")
    if op == "equals":
        return Equals(data["question"], data["value"])
    if op == "one_of":
        return OneOf(data["question"], data["values"])
    if op == "any_selected":
        return AnySelected(data["question"], data.get("values", ()))
    if op == "not":
        return Not(from_dict(data["condition"]))
    if op in ("and", "or"):
        parts = [from_dict(c) for c in data["conditions"]]
        return And(*parts) if op == "and" else Or(*parts)
    raise ValueError(f"unknown condition operator: {op!r}")
