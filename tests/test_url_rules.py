"""URL builders compiled on first use build the same URLs as werkzeug's own rules."""
from werkzeug.routing import Map, Rule
from werkzeug.routing.converters import NumberConverter

from survey_engine.url_rules import LazyBuilderRule


def test_every_url_the_app_builds_is_what_werkzeug_s_own_rules_build(app):
    assert app.url_rule_class is LazyBuilderRule
    stock = Map([Rule(rule.rule, endpoint=rule.endpoint, methods=rule.methods, defaults=rule.defaults)
                 for rule in app.url_map.iter_rules()]).bind("localhost")
    ours = app.url_map.bind("localhost")
    checked = 0
    for rule in app.url_map.iter_rules():
        values = {name: 7 if isinstance(rule._converters.get(name), NumberConverter) else "a b/é"
                  for name in rule.arguments}
        for extra in ({}, {"page": "2", "q": "x&y"}):
            for _ in range(2):  # the first call compiles the builder, the second uses it
                assert ours.build(rule.endpoint, {**values, **extra}) == \
                    stock.build(rule.endpoint, {**values, **extra}), rule
                checked += 1
    assert checked >= 4 * 80
    assert type(app.url_map._rules_by_endpoint["respond.start"][0]) is LazyBuilderRule
